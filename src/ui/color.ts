import { Chalk, type ChalkInstance } from 'chalk';

/**
 * chalk follows FORCE_COLOR, TTY and TERM=dumb but ignores NO_COLOR (chalk/chalk#547),
 * so the whole colour policy lives here.
 */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean, json: boolean): 0 | 1 | 2 | 3 {
  if (json) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    return n === 2 || n === 3 ? n : 1;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.TERM === 'dumb') return 0;
  return isTTY ? 1 : 0;
}

export function makeChalk(level: 0 | 1 | 2 | 3): ChalkInstance {
  return new Chalk({ level });
}
