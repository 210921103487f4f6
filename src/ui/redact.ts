const MASK = '••••••';

/**
 * Knows every secret value of the run and masks it, together with the encodings a secret
 * commonly leaks in (base64, URL encoding), wherever text leaves the process.
 */
export class Redactor {
  private readonly needles = new Set<string>();

  add(secret: string | undefined): void {
    if (!secret || secret.length < 6) return;
    for (const form of [
      secret,
      Buffer.from(secret).toString('base64'),
      Buffer.from(secret).toString('base64url'),
      encodeURIComponent(secret),
    ]) {
      this.needles.add(form);
    }
  }

  redact(text: string): string {
    let out = text;
    for (const needle of this.needles) if (out.includes(needle)) out = out.split(needle).join(MASK);
    return out;
  }
}
