import { inject, it } from 'vitest';
import { makeWorld } from '../helpers/world.js';
const motoUrl = inject('motoUrl'); const tfMirror = inject('tfMirror');
const WS = 'T0123ABCD';
it('times', async () => {
  const w = await makeWorld({ motoUrl, tfMirror, wrapTerraform: true, symflow: { loggedIn: false, jwtOrg: 'acme', services: [{ type: 'slack', externalId: WS, label: 'Slack' }] } });
  const args = ['init','--yes','--json','--org','acme','--slack-workspace-id',WS,'--okta-domain','acme.okta.com','--okta-target','AWS Admins=00g1emaKYZTWRYYRRTSK','--runtime-name',w.runtime];
  const env = { CI: 'true', SYM_JWT: 'eyJ.x.y', OKTA_API_TOKEN: w.token };
  for (let i = 0; i < 2; i++) { const t = Date.now(); const r = await w.run(args, { env }); console.log('run', i, r.exitCode, Date.now() - t); if (r.exitCode) console.log(r.stderr); }
  console.log(w.calls('terraform').map((c) => c.argv.join(' ')));
  const { execSync } = await import('node:child_process');
  console.log(execSync(`cd ${w.dir} && find . -path ./app/.terraform/providers -prune -o -print | sort && ls -la app/.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/`).toString());
  console.log(execSync(`cat ${w.dir}/.sym-quickstart/state.json`).toString());
});
