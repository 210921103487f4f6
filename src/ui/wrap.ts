import { stripVTControlCharacters } from 'node:util';
import wrapAnsi from 'wrap-ansi';

// A line's lead: its indentation and a marker (✔, ✖, →, │, $ …) with the space after it, colour codes
// included (also before the indentation, as in a dim hint); continuation lines hang under the text
// that follows it.
const LEAD = /^((?:\u001B\[[0-9;]*m)*\s*(?:(?:\u001B\[[0-9;]*m)*[✔✖⚠◆○→│•…$+~±-](?:\u001B\[[0-9;]*m)* )?)/;

/**
 * Text wrapped at `columns` on word boundaries, each line under its own lead. A word longer than the
 * line (a URL, a path) stays whole: cut, it could not be copied.
 */
export function wrapText(text: string, columns: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (stripVTControlCharacters(line).length <= columns) return line;
      const lead = LEAD.exec(line)?.[1] ?? '';
      const indent = stripVTControlCharacters(lead).length;
      if (columns - indent < 20) return line;
      return (
        lead +
        wrapAnsi(line.slice(lead.length), columns - indent, { hard: false, trim: true })
          .split('\n')
          .join(`\n${' '.repeat(indent)}`)
      );
    })
    .join('\n');
}

/** The first `columns` columns of one line, for a spinner that must never wrap onto a second row. */
export function truncate(line: string, columns: number): string {
  const flat = line.replace(/\s*\n\s*/g, ' ');
  if (stripVTControlCharacters(flat).length <= columns) return flat;
  return `${wrapAnsi(flat, Math.max(1, columns - 1), { hard: true, wordWrap: false, trim: false }).split('\n')[0]}…`;
}
