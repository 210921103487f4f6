import { spawn } from 'node:child_process';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject, it } from 'vitest';
import { CLI, makeWorld } from '../helpers/world.js';
const motoUrl = inject('motoUrl'); const tfMirror = inject('tfMirror');
const WS = 'T0123ABCD';
it('race', async () => {
  const w = await makeWorld({ motoUrl, tfMirror, wrapTerraform: true, symflow: { loggedIn: false, jwtOrg: 'acme', services: [{ type: 'slack', externalId: WS, label: 'Slack' }] } });
  const args = ['init','--yes','--json','--org','acme','--slack-workspace-id',WS,'--okta-domain','acme.okta.com','--okta-target','AWS Admins=00g1emaKYZTWRYYRRTSK','--runtime-name',w.runtime];
  const env = { ...w.env, CI: 'true', SYM_JWT: 'eyJ.x.y', OKTA_API_TOKEN: w.token };
  const pause = join(w.root, 'pause');
  for (let i = 0; i < 12; i++) {
    writeFileSync(pause, ''); rmSync(pause + '.reached', { force: true });
    w.setSymflow({ pauseFile: pause, pauseOn: 'version' });
    const child = spawn(process.execPath, [CLI, ...args], { cwd: w.work, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = ''; child.stderr!.on('data', (d) => (err += d));
    const done = new Promise<any>((r) => child.on('close', (code, signal) => r({ code, signal })));
    while (!existsSync(pause + '.reached')) await sleep(20);
    process.kill(-child.pid!, 'SIGINT');
    const r = await done;
    console.log(i, r, err.split('\n').filter((l) => /✖|Interrupted/.test(l)).join(' | '));
  }
});
