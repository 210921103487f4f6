import { promptOf } from '../answers/catalogue.js';
import { bucketChanges, existingState, suggestedBucketName } from '../aws/state-bucket.js';
import { missingError, outsideError } from '../errors.js';
import { localState, remoteStateOf } from '../project/remote-state.js';
import { defaultStateKey, REMOTE_STATE_MIN_TERRAFORM } from '../render/backend.js';
import * as v from '../validate/index.js';
import { atLeast } from '../tools/versions.js';
import type { PlannedChange, Step, StepCtx } from './types.js';
import { count } from '../ui/count.js';

/** The part of the run context this step uses. */
type Uses = 'adapters' | 'dir' | 'env' | 'options' | 'out' | 'previous' | 'prompter' | 'state';
/** The run state this step owns: only it writes these. */
const owns = ['answers.stateBucket', 'answers.stateKey', 'stateBucket'] as const;

const target = (ctx: StepCtx<Uses, typeof owns>) => ({
  region: ctx.state.answers.awsRegion!,
  profile: ctx.options.awsProfile,
  env: ctx.env,
});

/** Local file or S3 bucket: flag → the project's app/backend.tf (or the earlier choice) → the question. */
async function chooseBucket(ctx: StepCtx<Uses, typeof owns>): Promise<string | undefined> {
  const { prompter, previous } = ctx;
  const given = prompter.given_<string>('stateBucket');
  if (given) return given;
  // '' = local state chosen before: not asked again.
  if (previous.stateBucket !== undefined) return previous.stateBucket || undefined;
  if (!prompter.interactive || ctx.options.yes) return undefined;
  const where = await prompter.select<'local' | 's3'>({
    message: 'Where should Terraform keep its state?',
    choices: [
      { name: 'In a local file (app/terraform.tfstate): only this machine can apply', value: 'local' },
      {
        name: 'In an S3 bucket: recommended when more than one person or a CI pipeline applies',
        value: 's3',
      },
    ],
    default: 'local',
  });
  if (where === 'local') return undefined;
  const s3 = await ctx.adapters.createStateBucket(target(ctx));
  const suggested = suggestedBucketName(await s3.accountId(), ctx.state.answers.awsRegion!);
  return prompter.text({
    message: promptOf('stateBucket'),
    default: suggested,
    validate: v.stateBucket,
  });
}

/**
 * Where Terraform keeps the project's state. With a bucket: checks it (read-only) and refuses one it
 * cannot use before anything changes; a project with local state is shown its move to S3 and asked
 * to confirm it (unattended: the flag asked for it). Creating the bucket, or making it fit, is the apply.
 */
export const stateBackend: Step<Uses, typeof owns> = {
  id: 'state-backend',
  title: 'Terraform state',
  owns,
  async gather(ctx) {
    const bucket = await chooseBucket(ctx);
    const answers = ctx.state.answers;
    if (!bucket) {
      // '' remembers the choice of a local file, so a re-run does not ask again.
      answers.stateBucket = '';
      answers.stateKey = undefined;
      return { status: 'done', detail: 'local state file (app/terraform.tfstate)' };
    }
    const region = answers.awsRegion!;
    const key =
      ctx.prompter.given_<string>('stateKey') ?? ctx.previous.stateKey ?? defaultStateKey(answers.runtimeName!);
    const tfVersion = ctx.state.terraformVersion;
    if (tfVersion && !atLeast(tfVersion, REMOTE_STATE_MIN_TERRAFORM))
      throw missingError(
        `Terraform ${tfVersion} is too old for state in S3: its lock file (use_lockfile) needs Terraform >= ${REMOTE_STATE_MIN_TERRAFORM}.`,
        'Upgrade Terraform: https://developer.hashicorp.com/terraform/install',
      );
    const current = await remoteStateOf(ctx.dir);
    if (current && (current.bucket !== bucket || current.key !== key))
      throw outsideError(
        `The project's state is already in s3://${current.bucket}/${current.key}; moving it to s3://${bucket}/${key} is not something this tool does.`,
        `Re-run with --state-bucket ${current.bucket} --state-key ${current.key}, or move it yourself (edit app/backend.tf, then \`terraform -chdir=${ctx.dir}/app init -migrate-state\`).`,
      );
    const s3 = await ctx.adapters.createStateBucket(target(ctx));
    const found = await s3.inspect(bucket);
    // A bucket it cannot use (another region, public) stops the run here, before any change.
    const changes = bucketChanges(found, region);
    // A state object at the key that app/backend.tf does not name is another project's (e.g. a second
    // project with the same runtime name and the suggested bucket): using it would plan changes to, or
    // the destruction of, that project's resources, and a migration would overwrite it. Refused here,
    // before anything is written. The project's own state (backend.tf names it: a re-run, a fresh clone) is not.
    if (!current) {
      const other = await existingState(s3, found, key);
      if (other) {
        const held =
          other.resources === undefined
            ? 'an object this project did not write'
            : `another project's Terraform state (${count(other.resources, 'resource')}${other.lastModified ? `, last written ${other.lastModified.toISOString().replace(/\.\d+Z$/, 'Z')}` : ''})`;
        const runtime = answers.runtimeName!;
        throw outsideError(
          `s3://${bucket}/${key} already holds ${held}, and this project's app/backend.tf does not name it; using it would change or destroy that project's resources. Nothing was changed.`,
          `Keep this project's state at its own key: --state-key sym-okta-quickstart/<name>/terraform.tfstate (or another --runtime-name than ${runtime}, which also names its AWS and Sym resources). To work on the project that owns that state, run from its directory (its app/backend.tf names s3://${bucket}/${key}).`,
        );
      }
    }
    const local = current ? undefined : await localState(ctx.dir);
    if (local?.resources) {
      ctx.out.info(
        `  The project keeps its state in app/terraform.tfstate (${count(local.resources, 'resource')}). It moves to s3://${bucket}/${key}: \`terraform init -migrate-state -force-copy\`, then the copy in S3 is read back and compared resource by resource; only then is the local file removed (a copy stays in .sym-quickstart/ until the next successful run). Nothing in AWS or Sym is re-created.`,
      );
      const go = await ctx.prompter.confirm({
        message: 'Move the state to S3?',
        default: true,
        flagHint: '--yes',
      });
      if (!go)
        throw outsideError(
          'Stopped before moving the state; nothing was changed.',
          'Re-run without --state-bucket to keep the local state file.',
        );
    }
    answers.stateBucket = bucket;
    answers.stateKey = key;
    ctx.state.stateBucket = { found, changes, migrate: Boolean(local?.resources) };
    return {
      status: 'done',
      detail: `s3://${bucket}/${key}${found.exists ? '' : ' (bucket to be created)'}`,
    };
  },
  async plan(ctx) {
    const planned = ctx.state.stateBucket;
    if (!planned) return [];
    const changes: PlannedChange[] = planned.changes.map((c) => ({ kind: 'bucket', summary: c.summary }));
    if (planned.migrate)
      changes.push({
        kind: 'command',
        summary: `terraform init -input=false -migrate-state -force-copy   (moves app/terraform.tfstate to s3://${ctx.state.answers.stateBucket}/${ctx.state.answers.stateKey})`,
      });
    return changes;
  },
  async apply(ctx) {
    const planned = ctx.state.stateBucket;
    if (!planned) return { status: 'done', detail: 'local state file (app/terraform.tfstate)' };
    const { stateBucket: bucket, awsRegion: region } = ctx.state.answers;
    if (!planned.changes.length) return { status: 'unchanged', detail: `s3://${bucket} is ready` };
    const s3 = await ctx.adapters.createStateBucket(target(ctx));
    for (const change of planned.changes) {
      if (change.action === 'create') await s3.create(bucket!, region!);
      else if (change.action === 'enable-versioning') await s3.enableVersioning(bucket!);
      else await s3.blockPublicAccess(bucket!);
      ctx.out.ok(change.summary.replace(/^./, (c) => c.toUpperCase()));
    }
    return { status: 'done', detail: planned.changes.map((c) => c.action).join(', ') };
  },
};
