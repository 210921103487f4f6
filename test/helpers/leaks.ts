import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';

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
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      ...base64Cores(buf, 'base64'),
      ...base64Cores(buf, 'base64url'),
    ]),
  ];
}

/** The forms of `secret` found in `text`. */
export function leaksIn(text: string | Buffer, forms: string[]): string[] {
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  return forms.filter((f) => buf.includes(f));
}

/**
 * The uncompressed entries of a zip (a saved Terraform plan is one), read through its central
 * directory because Go's writer puts the sizes after the data. Empty for anything else.
 */
export function zipEntries(buf: Buffer): Buffer[] {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return [];
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) return [];
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const out: Buffer[] = [];
  for (let i = 0; i < count && buf.readUInt32LE(at) === 0x02014b50; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const local = buf.readUInt32LE(at + 42);
    const data = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(data, data + size);
    out.push(method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + buf.readUInt16LE(at + 28) + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return out;
}

/** Every regular file under `root` (symlinks are not followed) holding a form of the secret; zips are looked into. */
export function leakyFiles(root: string, forms: string[]): Array<{ file: string; forms: string[] }> {
  const found: Array<{ file: string; forms: string[] }> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const st = lstatSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        const buf = readFileSync(p);
        const hit = [...new Set([buf, ...zipEntries(buf)].flatMap((b) => leaksIn(b, forms)))];
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
