// The SDK ships this module's types under src/types/ but not beside the module itself, and
// src/okta/okta.ts imports the module directly (so the bundle holds it; see scripts/build.mjs).
declare module '@okta/okta-sdk-nodejs/src/config-loader.js' {
  export { ConfigLoader } from '@okta/okta-sdk-nodejs/src/types/config-loader.js';
}
