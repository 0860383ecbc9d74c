import { fake } from '../../rules/fake.js';
import { lineEnd, partOffset, type DotenvEntry } from '../parse.js';
import { dotenvRule, effect, withValue, type Problem } from './rule.js';

const QUOTE_NAMES: Record<string, string> = { '"': 'double', "'": 'single', '`': 'backtick' };
/**
 * A continuation line of a multi-line value that reads like an assignment: the
 * quote swallowed it. An upper-case name with an underscore (or after export),
 * so that base64 lines of a PEM block (no `_`, `=` padding) never count.
 */
const ASSIGNMENT = /[^\S\r\n]*(?:export[^\S\r\n]+([A-Za-z_][\w.-]*)|([A-Z][A-Z0-9]*_[A-Z0-9_]*))[^\S\r\n]*=(?!=)/y;

/** Where the line after the one `from` is on starts (CRLF, LF or a lone CR end a line), or -1 on the last line. */
function nextLineStart(text: string, from: number): number {
  const [end, newline] = lineEnd(text, from, true);
  return newline === '' ? -1 : end + newline.length;
}

/**
 * The names assigned on the lines after a multi-line value's first, up to
 * `most`. Each line is matched where it starts in the value (ASSIGNMENT is
 * sticky and never crosses a line's end), not split off: splitting a value
 * of 500,000 lines kept every line alive at once, and fix-env's 1 MB took up
 * to 55 times its 64 kB (test/linear-time.test.ts allows 64).
 */
function assignedAfterFirstLine(raw: string, most: number): string[] {
  const names: string[] = [];
  for (let at = nextLineStart(raw, 0); at !== -1 && names.length < most; at = nextLineStart(raw, at)) {
    ASSIGNMENT.lastIndex = at;
    const a = ASSIGNMENT.exec(raw);
    const name = a ? (a[1] ?? a[2]) : undefined;
    if (name !== undefined) names.push(name);
  }
  return names;
}

function problemOf(e: DotenvEntry): Omit<Problem, 'start' | 'end'> | undefined {
  const raw = e.parts.value;
  const quote = raw[0] ?? '';
  const name = QUOTE_NAMES[quote] ?? '';
  if (e.quoteError === 'unclosed') {
    return {
      message:
        `${e.key}'s value opens a ${name} quote that never closes: dotenv keeps the quote as part of the value and ` +
        `python-dotenv rejects the line, so ${effect(e, `starts with ${quote}`)}. Close the quote, or remove it.`,
    };
  }
  if (e.quoteError === 'text-after-quote') {
    return {
      message:
        `text follows the closing ${name} quote of ${e.key}'s value: dotenv then keeps the quotes as part of the value ` +
        `and python-dotenv and docker compose reject the line. Put the whole value inside one pair of quotes.`,
    };
  }
  const last = raw[raw.length - 1] ?? '';
  if (e.quote === '' && raw.length > 0 && QUOTE_NAMES[last] && !raw.slice(0, -1).includes(last)) {
    return {
      message:
        `${e.key}'s value ends with a ${QUOTE_NAMES[last]} quote that was never opened: loaders keep it, so ` +
        `${effect(e, `ends with ${last}`)}. Remove it, or open the quote before the value.`,
    };
  }
  if (e.quote !== '' && e.endLine > e.line) {
    // Four are enough to word the message: three names, then "...".
    const swallowed = assignedAfterFirstLine(raw, 4);
    if (swallowed.length === 0) return undefined;
    const names = swallowed.length > 3 ? `${swallowed.slice(0, 3).join(', ')}, ...` : swallowed.join(', ');
    return {
      message:
        `the ${name} quote opened here closes only on line ${e.endLine}: every loader reads the lines in between as ` +
        `part of ${e.key}'s value, so ${names} ${swallowed.length === 1 ? 'is' : 'are'} never set. Close the quote on this line.`,
    };
  }
  return undefined;
}

/**
 * A quote the loaders do not pair as the author meant: one that never closes
 * (dotenv keeps it in the value, python-dotenv rejects the line), text after
 * the closing quote, a closing quote never opened, or a quote that closes lines
 * later and so swallows the assignments in between.
 */
export const dotenvUnbalancedQuotes = dotenvRule({
  id: 'dotenv-unbalanced-quotes',
  title: 'Unbalanced quotes in a .env value',
  fixable: false,
  check({ doc }) {
    const problems: Problem[] = [];
    for (const e of doc.entries) {
      const problem = problemOf(e);
      if (!problem) continue;
      const start = partOffset(e, 'value');
      // Point at the quote (first line of the value); a stray closing quote is the last character.
      const first = e.parts.value.slice(0, lineEnd(e.parts.value, 0, true)[0]);
      const stray = e.quote === '' && !e.quoteError;
      problems.push({
        ...problem,
        start: stray ? start + e.parts.value.length - 1 : start,
        end: stray ? start + e.parts.value.length : start + (e.quote ? 1 : first.length),
        ...withValue(e),
      });
    }
    return problems;
  },
  examples: {
    positive: () => {
      const key = fake.openaiProject();
      return [
        { text: `OPENAI_API_KEY="${key}\nDEBUG=1\n`, line: 1 },
        { text: `A=1\nOPENAI_API_KEY='${key}\n`, line: 2 },
        { text: `OPENAI_API_KEY="${key}"x\n`, line: 1 },
        { text: `OPENAI_API_KEY=${key}"\n`, line: 1 },
        { text: `OPENAI_API_KEY="${key}\nDEBUG_MODE=1\nPORT="\n`, line: 1 },
      ];
    },
    clean: () => [
      { text: `OPENAI_API_KEY="${fake.openaiProject()}"\n` },
      { text: 'CERT="-----BEGIN CERTIFICATE-----\nMIIB\nQUJD=\nAB12==\n-----END CERTIFICATE-----"\n' },
      { text: `JSON={"a":1}\nSAY="it's fine"\nSQL='say "hi"'\n` },
    ],
  },
});
