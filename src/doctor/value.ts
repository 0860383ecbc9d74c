import { redact } from '../redact.js';
import { splitEdges } from '../text/trim.js';

/**
 * How a key variable's value looks, without ever showing it: the characters
 * that should not be there, the key without them, and a redacted repr.
 */

/**
 * Whitespace (\s includes the byte order mark), quotes and invisible characters that end up around pasted keys,
 * and control characters (a key holding \x01 or ESC is no key, and must not reach a terminal raw).
 */
 
const STRAY = /[\s"'`\u201c\u201d\u2018\u2019\u200b-\u200d\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const isStray = (ch: string) => STRAY.test(ch);

const NAMES: Readonly<Record<string, string>> = {
  ' ': 'space',
  '\n': 'newline',
  '\r': 'carriage return',
  '\t': 'tab',
  '"': 'double quote',
  "'": 'single quote',
  '`': 'backtick',
  '\u201c': 'curly quote',
  '\u201d': 'curly quote',
  '\u2018': 'curly quote',
  '\u2019': 'curly quote',
  '\ufeff': 'byte-order mark',
  '\u00a0': 'non-breaking space',
  '\u200b': 'zero-width space',
  '\u200c': 'zero-width non-joiner',
  '\u200d': 'zero-width joiner',
};

const nameOf = (ch: string) => NAMES[ch] ?? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Visible stand-ins, so that a repr shows what is really there. */
const VISIBLE: Readonly<Record<string, string>> = { ' ': '␣', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const visible = (text: string) =>
  [...text].map((ch) => VISIBLE[ch] ?? (STRAY.test(ch) && !/["'`]/.test(ch) ? `\\u{${ch.codePointAt(0)!.toString(16)}}` : ch)).join('');

interface Split {
  readonly lead: string;
  readonly core: string;
  readonly trail: string;
}

function split(raw: string): Split {
  const { head, core, tail } = splitEdges(raw, isStray);
  return { lead: head, core, trail: tail };
}

/** The value without the whitespace and quotes around it: what the key would be. */
export const cleanValue = (raw: string): string => split(raw).core;

/** What should not be in the value, in words: "trailing: newline", "a space at character 40". */
export function oddities(raw: string): string[] {
  const { lead, core, trail } = split(raw);
  const found: string[] = [];
  const names = (run: string) => [...run].map(nameOf).join(', ');
  if (lead && trail && /^["'`\u201c\u2018]/.test(lead) && /["'`\u201d\u2019]$/.test(trail.trimEnd())) {
    found.push('the key is wrapped in literal quotes');
  }
  if (lead) found.push(`leading: ${names(lead)}`);
  if (trail) found.push(`trailing: ${names(trail)}`);
  [...core].forEach((ch, i) => {
    if (STRAY.test(ch)) found.push(`a ${nameOf(ch)} inside, at character ${lead.length + i + 1}`);
  });
  return found;
}

/**
 * A repr that shows the value's length, its known prefix (or first characters)
 * and last four characters, with everything around it made visible, and hides
 * the rest: ⟨"sk-proj-…Abcd"\n⟩.
 */
export function reprOf(raw: string, prefixes: readonly string[]): string {
  const { lead, core, trail } = split(raw);
  // Without a known prefix, the first few characters stand in for one (never more than a quarter of the value).
  const fallback = core.slice(0, Math.min(3, Math.floor(core.length / 4)));
  const shown = core.length === 0 ? '' : redact(core, [...prefixes, fallback]);
  return `⟨${visible(lead)}${visible(shown)}${visible(trail)}⟩`;
}

export const lengthOf = (raw: string) => `${raw.length} character${raw.length === 1 ? '' : 's'}`;
