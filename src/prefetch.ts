/**
 * Starts loading the two SDKs, whose modules take ~0.5 s to load and evaluate, so that this happens
 * while a child process (terraform, symflow) runs rather than when the first Okta or AWS call needs
 * them. Failures are left to that call, which reports them properly.
 */
export function prefetchSdks(): void {
  void import('@okta/okta-sdk-nodejs').catch(() => {});
  void import('@okta/okta-sdk-nodejs/src/config-loader.js').catch(() => {});
  void import('@aws-sdk/client-secrets-manager').catch(() => {});
}
