import { join } from 'node:path';
import { exists, readText } from '../project/files.js';
import { QuickstartError } from '../errors.js';
import { checkNode, checkTerraform } from '../tools/versions.js';
import { fail, pass, warn, type Check } from './types.js';

const versionAtLeast = (v: string, min: string) => {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
};

export const nodeCheck: Check = {
  id: 'node',
  title: 'Node.js',
  async run() {
    return pass(`Node.js ${await checkNode()}`);
  },
};

export const terraformCheck: Check = {
  id: 'terraform',
  title: 'Terraform',
  async run(ctx) {
    const version = await checkTerraform(ctx);
    const versions = (await readText(join(ctx.dir, 'app/versions.tf'))) ?? '';
    const min = /required_version\s*=\s*">=\s*([\d.]+)"/.exec(versions)?.[1];
    if (min && !versionAtLeast(version, min)) {
      return fail(
        `Terraform ${version} is older than the project's required_version (>= ${min}).`,
        'Upgrade Terraform: https://developer.hashicorp.com/terraform/install',
      );
    }
    return pass(`Terraform ${version}${min ? ` (project needs >= ${min})` : ''}`);
  },
};

export const terraformInitCheck: Check = {
  id: 'terraform-init',
  title: 'terraform init done in app/',
  needs: ['terraform'],
  async run(ctx) {
    const app = join(ctx.dir, 'app');
    if ((await exists(join(app, '.terraform'))) && (await exists(join(app, '.terraform.lock.hcl'))))
      return pass('app/.terraform and the lock file are present');
    return fail(
      'Terraform has not been initialised in app/.',
      `cd ${app} && terraform init -input=false   (or re-run \`npx sym-okta-quickstart init ${ctx.dir}\`)`,
    );
  },
};

export const symflowCheck: Check = {
  id: 'symflow',
  title: 'symflow CLI',
  async run(ctx) {
    const v = await ctx.adapters.symflow.version();
    const slack = v.hasServicesCreate
      ? 'Slack is registered with `symflow services create`'
      : "Slack is connected by installing Sym's Slack app in a browser";
    if (v.major < 8)
      return warn(
        `symflow ${v.raw} is old (${slack}).`,
        'Upgrade: `brew upgrade symflow` or `pipx upgrade sym-flow-cli`.',
      );
    return pass(`symflow ${v.raw} (${slack})`);
  },
};

/** An adapter error that means "nothing to check with" (exit 3) rather than a broken setting. */
export const isMissingTool = (e: unknown) => e instanceof QuickstartError && e.exitCode === 3;
