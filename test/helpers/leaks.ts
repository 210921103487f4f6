import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Base64 characters that depend only on `secret`'s bytes when it sits at byte offset 0, 1 or 2 of a
 * larger encoded blob (a JSON body, a config file): a leak inside base64 shows up as one of these.
 */
function base64Cores(secret: Buffer, encoding: 'base64' | 'base64url'): string[] {
  const n = secret.length;
  return [0, 1, 2].map((k) => {
    const enc = Buffer.concat([Buffer.alloc(k), secret]).toString(encoding);
    return enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + n)) / 6));
  });
}

/** Every form a leaked secret could take in text: as is, URL-encoded, base64 and base64url. */
export function leakForms(secret: string): string[] {
  const buf = Buffer.from(secret);
  return [...new Set([secret, encodeURIComponent(secret), new URLSearchParams({ v: secret }).toString().slice(2), ...base64Cores(buf, 'base64'), ...base64Cores(buf, 'base64url')])];
}

/** The forms of `secret` found in `text`. */
export function leaksIn(text: string | Buffer, forms: string[]): string[] {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  return forms.filter((f) => buf.includes(f));
}

/** Every regular file under `root` (symlinks are not followed) holding a form of the secret. */
export function leakyFiles(root: string, forms: string[]): Array<{ file: string; forms: string[] }> {
  const found: Array<{ file: string; forms: string[] }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const hit = leaksIn(readFileSync(p), forms);
        if (hit.length) found.push({ file: p, forms: hit });
      }
    }
  };
  walk(root);
  return found;
}

/** How many regular files `leakyFiles` looked at (so a scan cannot pass by finding nothing to scan). */
export function countFiles(root: string): number {
  let n = 0;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const st = lstatSync(join(dir, name));
      if (st.isDirectory()) walk(join(dir, name));
      else if (st.isFile()) n++;
    }
  };
  walk(root);
  return n;
}
