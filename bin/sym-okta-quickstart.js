#!/usr/bin/env node
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  console.error(`sym-okta-quickstart needs Node.js 20.12 or newer; this is ${process.version}. Install a current LTS from https://nodejs.org and run it again.`);
  process.exit(3);
}
const { main } = await import('../dist/main.js');
const code = await main(process.argv.slice(2));
// Exit explicitly (an SDK keep-alive socket must not hold the process open), once stdout is flushed.
process.stdout.write('', () => process.exit(code));
