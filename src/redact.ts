import { engineFor, type Engine } from './engine/engine.js';
import { builtinRules } from './rules/index.js';
import type { Rule } from './rules/rule.js';
import { entropy } from './rules/validators.js';

/**
 * The one redaction step. Every string that came from outside (a file path, a
 * .env name, an author, a ref, a server's message) passes through `shown`
 * before anything prints it; the `Shown` brand makes that a type error to
 * forget, as `Finding` having no secret field makes printing a key one.
 */

declare const SHOWN: unique symbol;
/** A string from scanned input with every key in it redacted and every control character made visible. */
export type Shown = string & { readonly [SHOWN]: true };

/** sk-proj-…Abcd: the rule's known prefix, an ellipsis, the last four characters. */
export function redact(secret: string, prefixes: readonly string[] = []): string {
  const prefix = prefixes.find((p) => secret.startsWith(p)) ?? '';
  const rest = secret.slice(prefix.length);
  // Short values show less: never more than a quarter of what is hidden.
  const tail = rest.length >= 16 ? rest.slice(-4) : '';
  return `${prefix}…${tail}`;
}

/** Tokens that look random enough to be a secret of some kind, found by a rule or not. */
export const looksSecret = (t: string): boolean => /\d/.test(t) && /[A-Za-z]/.test(t) && entropy(t) >= 3.5;

/** A run of key characters: a key together with whatever sticks to it (`--sk-proj-…`, `x-sk-…`). */
const KEY_RUN = /[\w-]+/g;
/** A run shorter than this is no key, whatever keyword it holds (`task-proj-list`). */
const MIN_KEY_RUN = 20;

interface Redactor {
  readonly engine: Engine;
  /** The keywords that are part of a key itself (not context words), for the looser pass. */
  readonly keywords: readonly string[];
  readonly prefixes: readonly string[];
}

const redactors = new WeakMap<readonly Rule[], Redactor>();

function redactorFor(rules: readonly Rule[]): Redactor {
  let r = redactors.get(rules);
  if (!r) {
    r = {
      engine: engineFor(rules),
      // A context rule's keywords are words (mistral), not parts of a key; nor are all-lower-case ones (postgres).
      keywords: [...new Set(rules.filter((rule) => !rule.context).flatMap((rule) => rule.keywords.filter((k) => !/^[a-z]+$/.test(k))))],
      prefixes: [...new Set(rules.flatMap((rule) => rule.prefixes))].sort((a, b) => b.length - a.length),
    };
    redactors.set(rules, r);
  }
  return r;
}

/** Every whole key a rule finds in the text, longest first so that no key is cut by a shorter one. */
export function keysIn(text: string, rules: readonly Rule[] = builtinRules): string[] {
  if (text.length === 0) return [];
  const { engine } = redactorFor(rules);
  const secrets = engine.scan({ path: '', bytes: Buffer.from(text) }).map((m) => m.secret);
  return [...new Set(secrets)].sort((a, b) => b.length - a.length);
}

/**
 * The text with every key redacted: the keys the rules find, and (looser, on
 * purpose) any long random-looking run of key characters that holds a rule's
 * keyword, such as a key cut short or glued to other text.
 */
export function redactKeys(text: string, rules: readonly Rule[] = builtinRules): string {
  const { keywords, prefixes } = redactorFor(rules);
  let out = text;
  for (const key of keysIn(text, rules)) out = out.split(key).join(redact(key, prefixes));
  return out.replace(KEY_RUN, (run) =>
    run.length >= MIN_KEY_RUN && looksSecret(run) && keywords.some((k) => run.includes(k)) ? redact(run, prefixes) : run,
  );
}

/**
 * C0 and C1 controls, DEL, and the Unicode format characters that reorder or
 * hide text (bidi overrides and isolates, line and paragraph separators): what
 * could move a cursor, colour a terminal, end a CI log line or make a name read
 * as another (Trojan Source).
 */
 
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0' };

/** Each control character as a visible escape: a newline as `\n`, ESC as `\x1b`, a bidi override as `\u202e`. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (ch) => {
    const code = ch.charCodeAt(0);
    return NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** Whether the text holds a character that `escapeControls` would make visible. */
export const hasControls = (text: string): boolean => {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
};

/** The one step from outside text to printable text: keys redacted, then controls escaped. */
export function shown(text: string, rules: readonly Rule[] = builtinRules): Shown {
  return escapeControls(redactKeys(text, rules)) as Shown;
}

/** Text this program wrote itself, with no input in it (a fixed message): printable as it is. */
export const own = (text: string): Shown => text as Shown;

/**
 * Text made of lines of our own around values from outside, each line shown on
 * its own: the newlines between lines stay, any inside a value were escaped
 * where the value was put in.
 */
export const shownLines = (text: string, rules: readonly Rule[] = builtinRules): Shown =>
  text
    .split('\n')
    .map((line) => shown(line, rules))
    .join('\n') as Shown;
