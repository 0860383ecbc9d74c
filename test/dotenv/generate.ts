import { seededRandom } from '../../src/rules/fake.js';

/**
 * Seeded generators of .env text, for properties that must hold for any input.
 *
 * - `anyText`: .env-shaped text salted with every troublesome character (quotes,
 *   smart quotes, backslashes, #, =, :, BOM, NBSP, zero-width space, tabs, CR,
 *   LF, CRLF, non-ASCII): nothing may be lost by parse-then-print.
 * - `loaderText`: lines dotenv (Node) itself reads one way only (entries,
 *   comments, blank lines; quotes that close or not), to compare values with it.
 */

type Rand = () => number;

const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const repeat = (rand: Rand, max: number, f: () => string) => Array.from({ length: Math.floor(rand() * (max + 1)) }, f).join('');

const KEYS = ['A', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'DB_URL', 'x.y', 'my-key', 'K_1', 'PORT', 'OPENAI_KEY', 'a'];
const SPACES = ['', ' ', '  ', '\t', '\u00a0', ' \t'];
const ENDINGS = ['\n', '\n', '\n', '\r\n', '\r'];
/** No ':' unsalted: dotenv reads `KEY:` at a line's end as taking the next line for its value, a quirk we do not copy. */
const WORD_CHARS = 'abcXYZ019_-./@+=$%&*()[]{}!?,;~^|<> ';
const SALT = ['"', "'", '`', '\\', '#', '=', ':', '\u201c', '\u201d', '\u2019', '\u00e9', '\u200b', '\ufeff', '\t', ' ', '\\n', '\\"', '\u{1f511}'];

/** Quotes, backslashes and escapes that dotenv reads one way only: what makes quote pairing hard. */
const LOADER_SALT = ['"', "'", '`', '\\', '\\n', '\\r', '\\"', "\\'", '#'];

function word(rand: Rand, salt: boolean): string {
  return repeat(rand, 12, () => {
    if (rand() < (salt ? 0.25 : 0.1)) return pick(rand, salt ? SALT : LOADER_SALT);
    return pick(rand, [...WORD_CHARS]);
  });
}

function quoted(rand: Rand, salt: boolean, multiline: boolean): string {
  const q = pick(rand, ['"', "'", '`']);
  const parts = [word(rand, salt)];
  if (multiline && rand() < 0.3) parts.push(pick(rand, ['\n', '\r\n']), word(rand, salt));
  // Sometimes broken on purpose: no closing quote, or text after it.
  const close = rand() < 0.85 ? q : '';
  const after = rand() < 0.1 ? word(rand, false).trim() : '';
  return q + parts.join('').replaceAll(q, `\\${q}`) + close + after;
}

function value(rand: Rand, salt: boolean): string {
  const r = rand();
  if (r < 0.15) return '';
  if (r < 0.55) return word(rand, salt).trim();
  return quoted(rand, salt, true);
}

function entry(rand: Rand, salt: boolean): string {
  const indent = pick(rand, SPACES);
  const exp = rand() < 0.15 ? `export${pick(rand, [' ', '  ', '\t'])}` : '';
  const key = pick(rand, KEYS);
  const v = value(rand, salt);
  const sep = rand() < 0.08 && v !== '' ? `: ` : `${pick(rand, SPACES)}=${pick(rand, SPACES)}`;
  const comment = rand() < 0.2 ? ` # ${word(rand, false)}` : '';
  const trailing = rand() < 0.3 ? pick(rand, SPACES) : '';
  return indent + exp + key + sep + v + trailing + comment;
}

function line(rand: Rand, salt: boolean): string {
  const r = rand();
  if (r < 0.6) return entry(rand, salt);
  if (r < 0.75) return `${pick(rand, SPACES)}# ${word(rand, salt)}`;
  if (r < 0.85) return pick(rand, SPACES);
  // Only anyText gets lines no loader reads.
  return salt ? word(rand, true) : entry(rand, false);
}

function text(seed: number, salt: boolean): string {
  const rand = seededRandom(seed);
  const bom = salt && rand() < 0.1 ? '\ufeff' : '';
  const lines = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => line(rand, salt) + pick(rand, ENDINGS));
  const body = lines.join('');
  // Half end without a final line ending.
  return bom + (rand() < 0.5 ? body : body.replace(/(?:\r\n|\r|\n)$/, ''));
}

/** Any .env-shaped text, salted with every troublesome character. */
export const anyText = (seed: number) => text(seed, true);

/** Text that dotenv (Node) reads one way only: to compare loaded values with it. */
export const loaderText = (seed: number) => text(seed, false);
