import { sendsKey } from '../keylike.js';
import type { DotenvEntry, DotenvLine } from '../parse.js';
import { dotenvRule, FIXED_BY, isAdded, withValue } from './rule.js';

/** Lines of an item that end with CR or CRLF: a run of blank or comment lines holds its inner endings in raw. */
function crEndings(l: DotenvLine): { count: number; lone: boolean } {
  let count = 0;
  let lone = false;
  if (l.kind === 'blank' || l.kind === 'comment') {
    for (const m of l.raw.matchAll(/\r\n?/g)) {
      count++;
      lone ||= m[0] === '\r';
    }
  }
  if (l.newline === '\r\n' || l.newline === '\r') {
    count++;
    lone ||= l.newline === '\r';
  }
  return { count, lone };
}

/**
 * CRLF (or lone CR) line endings. Every loader drops the \r, but a shell that
 * sources the file (`set -a; . ./.env`) keeps it at the end of each value.
 * Reported once per file, on the first entry line that ends so (in a staged
 * scan, the first such line the commit adds).
 */
export const dotenvCrlf = dotenvRule({
  id: 'dotenv-crlf',
  title: 'Windows (CRLF) line endings in a .env file',
  fixable: true,
  check(ctx) {
    const { doc, text } = ctx;
    // Most files hold no CR at all: one native search instead of a look at every line.
    if (!text.includes('\r')) return [];
    const endings = doc.lines.filter((l) => l.newline === '\r\n' || l.newline === '\r');
    const entries = endings.filter((l): l is DotenvEntry => l.kind === 'entry');
    const at = entries.find((e) => isAdded(ctx, e.endLine)) ?? entries[0];
    if (!at) return [];
    const cr = at.offset + at.raw.length;
    let count = 0;
    let lone = false;
    for (const l of doc.lines) {
      const ending = crEndings(l);
      count += ending.count;
      lone ||= ending.lone;
    }
    const what = sendsKey(at.key, at.value) || doc.entries.some((e) => sendsKey(e.key, e.value))
      ? 'the key sent ends with a carriage return, and the API answers 401 invalid_api_key'
      : 'every value your code reads ends with a carriage return';
    const fix = [...text.matchAll(/\r\n?/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, text: '\n' }));
    return [
      {
        start: cr,
        end: cr + 1,
        message:
          `${count} line${count === 1 ? ' ends' : 's end'} with ${lone ? 'CR (old Mac' : 'CRLF (Windows'} line endings): ` +
          `dotenv, python-dotenv and docker compose drop the \\r, but a shell that sources the file keeps it, so ${what}. ` +
          `Convert the file to LF line endings${FIXED_BY}.`,
        ...withValue(at),
        fix,
      },
    ];
  },
  examples: {
    positive: () => [
      { text: 'A=1\r\nOPENAI_API_KEY=abc\r\n', line: 1, fixed: 'A=1\nOPENAI_API_KEY=abc\n' },
      { text: '# comment\nA=1\r\n', line: 2, fixed: '# comment\nA=1\n' },
      { text: 'A=1\rB=2\r', line: 1, fixed: 'A=1\nB=2\n' },
      { text: 'A=1\r\nB=2\r\n', addedLines: [[2, 2]], line: 2, fixed: 'A=1\nB=2\n' },
    ],
    clean: () => [{ text: 'A=1\nB=2\n' }, { text: '# only comments\r\n\r\n' }, { text: 'A=1' }],
  },
});
