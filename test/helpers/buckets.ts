import type { BucketInspection } from '../../src/aws/state-bucket.js';

/** A state bucket as ensureBucket leaves it: versioned, encrypted, every public-access block, TLS only. */
export const fitBucket = (name: string, region: string): BucketInspection => ({
  exists: true,
  name,
  region,
  versioning: 'Enabled',
  encrypted: true,
  publicAccessBlocked: true,
  publicByPolicy: false,
  publicByAcl: false,
  tlsOnly: true,
});
