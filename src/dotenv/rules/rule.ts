import type { RuleInfo } from '../../rules/rule.js';
import type { LineRanges } from '../../sources/unit.js';
import { KEY_PREFIXES, sendsKey } from '../keylike.js';
import { partOffset, type DotenvDocument, type DotenvEntry } from '../parse.js';

/** Replace text[start, end) with `text`. Offsets are into the linted text. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Where a value stands in the text, and what it is: the one thing a finding must redact. */
export interface ValueSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** What a rule reports: offsets (UTF-16, into the linted text) point at the problem itself. */
export interface Problem {
  readonly start: number;
  readonly end: number;
  /** The consequence in the user's terms, and how to fix it. */
  readonly message: string;
  /** The offending value, for redaction; absent when the problem has none. */
  readonly value?: ValueSpan;
  /** Edits that repair the problem without changing anything else; present only when that is safe. */
  readonly fix?: readonly TextEdit[];
}

export interface DotenvContext {
  readonly text: string;
  readonly doc: DotenvDocument;
  /** POSIX path of the file, relative to the repository or scan root. */
  readonly path: string;
  /** A --staged scan (dotenv-committed only applies there). */
  readonly staged: boolean;
  /** Lines the commit adds; absent means every line. File-wide problems are placed on one of them. */
  readonly addedLines?: LineRanges;
}

/** A file linted as an example: `line` is where the finding must be; `fixed` what fix-env makes of it. */
export interface DotenvExample {
  readonly text: string;
  /** Default `.env`. */
  readonly path?: string;
  readonly staged?: boolean;
  readonly addedLines?: LineRanges;
  readonly line?: number;
  readonly fixed?: string;
}

/** A .env rule is data: an id, a check, and examples that test/dotenv/rules.test.ts runs. */
export interface DotenvRule extends RuleInfo {
  readonly check: (ctx: DotenvContext) => readonly Problem[];
  /** Whether fix-env repairs some of its findings. */
  readonly fixable: boolean;
  readonly examples: {
    /** Each must give a finding of this rule at its line (built at run time: fake keys only). */
    readonly positive: () => readonly DotenvExample[];
    /** Each must give no finding of this rule. */
    readonly clean: () => readonly DotenvExample[];
  };
}

export function dotenvRule(spec: Pick<DotenvRule, 'id' | 'title' | 'check' | 'fixable' | 'examples'>): DotenvRule {
  return { provider: 'dotenv', severity: 'warning', prefixes: KEY_PREFIXES, ...spec };
}

/** The entry's value and where it is written (between its quotes, which stay in view), for redaction. */
export function valueSpan(e: DotenvEntry): ValueSpan | undefined {
  if (e.value === '') return undefined;
  const content = valueContent(e);
  return { text: e.value, start: content.start, end: content.start + content.text.length };
}

/** The same value span, when the entry has one. */
export const withValue = (e: DotenvEntry) => {
  const value = valueSpan(e);
  return value ? { value } : {};
};

export const isAdded = (ctx: DotenvContext, line: number) =>
  ctx.addedLines === undefined || ctx.addedLines.some(([a, b]) => line >= a && line <= b);

/** Offset of the start of a 1-based physical line (CRLF, LF and lone CR end lines). */
export function lineStartOffset(text: string, line: number): number {
  const ending = /\r\n|\r|\n/g;
  let at = 0;
  for (let n = 1; n < line; n++) {
    const m = ending.exec(text);
    if (!m) return text.length;
    at = m.index + m[0].length;
  }
  return at;
}

const NAMES: Record<string, string> = {
  ' ': 'space',
  '\t': 'tab',
  '\n': 'line break',
  '\r': 'carriage return',
  '\u00a0': 'non-breaking space',
  '\u200b': 'zero-width space',
  '\u200c': 'zero-width non-joiner',
  '\u200d': 'zero-width joiner',
  '\u2060': 'word joiner',
  '\ufeff': 'byte order mark',
  '\\n': 'newline (\\n)',
  '\\r': 'carriage return (\\r)',
};

/** Whitespace and invisible characters, as written ("\\n" escapes included), in words: "2 spaces", "a tab". */
export function describeWhitespace(raw: string): string {
  // Counted in one walk, without an array of a million one-character strings.
  const kinds = new Set<string>();
  let units = 0;
  for (let i = 0; i < raw.length; i++, units++) {
    const escape = raw[i] === '\\' && (raw[i + 1] === 'n' || raw[i + 1] === 'r');
    kinds.add(NAMES[escape ? raw.slice(i, i + 2) : raw.charAt(i)] ?? 'whitespace character');
    if (escape) i++;
  }
  if (kinds.size > 1) return `${units} whitespace characters`;
  const name = [...kinds][0] ?? 'whitespace';
  return units === 1 ? `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}` : `${units} ${name}s`;
}

/** The consequence of `what` happening to the value, worded for keys and for other values. */
export function effect(e: DotenvEntry, what: string): string {
  return sendsKey(e.key, e.value)
    ? `the key sent ${what}, and the API answers 401 invalid_api_key`
    : `the value your code reads ${what}`;
}

/** The value's text between its quotes (or the whole raw value when unquoted), and where that starts. */
export function valueContent(e: DotenvEntry): { text: string; start: number } {
  const start = partOffset(e, 'value');
  return e.quote ? { text: e.parts.value.slice(1, -1), start: start + 1 } : { text: e.parts.value, start };
}

export const FIXED_BY = ' (scan-keys fix-env does)';
