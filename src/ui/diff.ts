import { createTwoFilesPatch } from 'diff';

interface Paint {
  red(s: string): string;
  green(s: string): string;
  dim(s: string): string;
}

/** A unified diff of one file, coloured when the terminal has colour. */
export function unifiedDiff(name: string, before: string, after: string, paint: Paint): string {
  const patch = createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, '', '', { context: 2 });
  return patch
    .split('\n')
    .slice(2)
    .map((l) =>
      l.startsWith('+') ? paint.green(l) : l.startsWith('-') ? paint.red(l) : l.startsWith('@@') ? paint.dim(l) : l,
    )
    .join('\n')
    .trimEnd();
}
