import { join } from 'node:path';
import { lockKeyOf } from '../aws/state-bucket.js';
import { Journal } from '../project/journal.js';
import { remoteStateOf } from '../project/remote-state.js';
import { describeLock, lockFromLockFile } from '../tools/terraform.js';
import { type Check, fail, pass, warn } from './types.js';

/** A lock older than this is more likely left behind (a cancelled CI job) than held by a running apply. */
const STALE_LOCK_MS = 60 * 60_000;

/**
 * Where the project's Terraform state is: app/backend.tf as the journal says it was set up, and the
 * bucket fit to hold it (reachable, versioned, not public), with the state in it and no stale lock.
 */
export const stateBackendCheck: Check = {
  id: 'state-backend',
  title: 'Terraform state',
  needs: ['aws-credentials'],
  async run(ctx) {
    const remote = await remoteStateOf(ctx.dir);
    const journalled = (await Journal.load(ctx.dir)).data.answers ?? {};
    const wanted = typeof journalled.stateBucket === 'string' ? journalled.stateBucket : '';
    if (!remote) {
      if (wanted)
        return fail(
          `app/backend.tf is missing, but this project was set up with its state in s3://${wanted}; Terraform now uses a local state file and would plan everything again.`,
          `Restore it: npx sym-okta-quickstart init ${ctx.dir} --state-bucket ${wanted}`,
        );
      return pass('local state file (app/terraform.tfstate); for a team or CI, move it to S3 with init --state-bucket');
    }
    const where = `s3://${remote.bucket}/${remote.key}`;
    if (wanted && wanted !== remote.bucket)
      return warn(
        `app/backend.tf names ${where}, but the project was set up with the bucket ${wanted}.`,
        `If the change was on purpose, re-run \`npx sym-okta-quickstart init ${ctx.dir} --state-bucket ${remote.bucket}\` so the journal knows it.`,
      );
    const s3 = await ctx.adapters.createStateBucket({ region: remote.region, profile: ctx.awsProfile, env: ctx.env });
    let found: Awaited<ReturnType<typeof s3.inspect>>;
    try {
      found = await s3.inspect(remote.bucket);
    } catch (e) {
      const err = e as Error & { fix?: string };
      return fail(err.message, err.fix ?? 'Check the bucket name in app/backend.tf and your AWS credentials.');
    }
    if (!found.exists)
      return fail(
        `The state bucket ${remote.bucket} does not exist (app/backend.tf names it), so Terraform has no state to read.`,
        `If it was never made, \`npx sym-okta-quickstart init ${ctx.dir} --state-bucket ${remote.bucket}\` creates it. If it was deleted, restore the state from a backup before applying, or Terraform will try to create everything again.`,
      );
    if (found.versioning !== 'Enabled')
      return fail(
        `Versioning is ${found.versioning === 'Off' ? 'off' : 'suspended'} on the state bucket ${remote.bucket}: an overwritten or deleted state could not be recovered.`,
        `aws s3api put-bucket-versioning --bucket ${remote.bucket} --versioning-configuration Status=Enabled`,
      );
    const blockFix = `aws s3api put-public-access-block --bucket ${remote.bucket} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`;
    if (!found.publicAccessBlocked && (found.publicByPolicy || found.publicByAcl))
      return fail(
        `The state bucket ${remote.bucket} is public; the state holds every value Terraform has read.`,
        blockFix,
      );
    if (!found.publicAccessBlocked)
      return warn(`Not every public-access block is on for the state bucket ${remote.bucket}.`, blockFix);
    const state = await s3.readObject(remote.bucket, remote.key).catch(() => undefined);
    if (!state)
      return fail(
        `No state at ${where}: Terraform would plan every resource again (and fail on those that exist).`,
        `If the project was applied with local state, move it: npx sym-okta-quickstart init ${ctx.dir} --state-bucket ${remote.bucket}. Otherwise check the key in app/backend.tf.`,
      );
    const lockFile = await s3.readObject(remote.bucket, lockKeyOf(remote.key)).catch(() => undefined);
    const lock = lockFile && lockFromLockFile(lockFile.body);
    if (lock) {
      const since = Date.parse(lock.created ?? '') || lockFile.lastModified?.getTime() || Date.now();
      if (Date.now() - since > STALE_LOCK_MS)
        return warn(
          `The state has been locked for ${Math.round((Date.now() - since) / 60_000)} minutes, by ${describeLock(lock)}; every plan and apply waits for it.`,
          `If no run is still going (a cancelled CI job, a closed laptop), release it: terraform -chdir=${join(ctx.dir, 'app')} force-unlock ${lock.id}`,
        );
      return pass(`${where}: versioned, private; locked now by ${describeLock(lock)}`);
    }
    return pass(`${where}: versioned, encrypted, private${found.tlsOnly ? ', TLS only' : ''}; not locked`);
  },
};
