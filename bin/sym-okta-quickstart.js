#!/usr/bin/env node
import module from 'node:module';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(
    `sym-okta-quickstart needs Node.js 20.12 or newer; this is ${process.version}. Install a current LTS from https://nodejs.org and run it again.`,
  );
  process.exit(3);
}
// Warnings from Node or a bundled package (the AWS SDK's notice about Node versions, deprecations in
// the SDKs) are not for the user's screen: Node's own printer goes, and main() sends them to the debug log.
process.removeAllListeners('warning');
// On Node 22.1+, keep V8's compiled code between runs (as TypeScript's tsc does); on Node 20 there is none.
module.enableCompileCache?.();
const { main } = await import('../dist/main.js');
const code = await main(process.argv.slice(2));
// Exit explicitly (an SDK keep-alive socket must not hold the process open), once stdout is flushed.
process.stdout.write('', () => process.exit(code));
