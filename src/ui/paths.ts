import { isAbsolute, relative } from 'node:path';

/** A path as a person in `cwd` types it: relative when it is inside (`sym-okta-quickstart`), else absolute. */
export function shownPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}
