// Preloaded with `node --import` (through NODE_OPTIONS) into the CLI under test. It registers itself as
// module-loader hooks, and the hooks append the URL of every ES module Node loads to $SQS_LOAD_LOG.
// The bundle loads its code only as ES modules (dist/*.js chunks; see scripts/build.mjs), so the log
// names every chunk a run used.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

let logFile;

export function initialize(data) {
  logFile = data.logFile;
}

export async function load(url, context, nextLoad) {
  appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}

// Hooks run in a thread of their own, which loads this file again: register only from the main thread.
if (isMainThread && process.env.SQS_LOAD_LOG)
  register(import.meta.url, { data: { logFile: process.env.SQS_LOAD_LOG } });
