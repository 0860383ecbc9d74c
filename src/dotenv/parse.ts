/**
 * A lossless .env parser: every byte of the input belongs to exactly one line
 * item, so printDotenv(parseDotenv(text)) === text for any text (BOM, CRLF,
 * broken quotes and all). Values follow dotenv (Node) v16, the loader most
 * JavaScript projects use; python-dotenv and docker compose agree on every
 * case our rules care about. Where they differ, it is said below.
 *
 * - `KEY=value`, `export KEY=value`; spaces around `=` are allowed.
 * - Unquoted values end at the first `#` (python-dotenv and compose need a space
 *   before it) and are trimmed.
 * - '…', "…" and `…` quote a value, which may span lines. A quote preceded by a
 *   backslash does not close it. Inside double quotes `\n` and `\r` become
 *   newline and carriage return (python-dotenv and compose also decode `\t`,
 *   `\\` and `\"`; Node keeps them as written). python-dotenv and compose take
 *   backticks literally.
 * - A quote that never closes, or text after the closing quote, makes dotenv
 *   read the rest of the line as an unquoted value (python-dotenv rejects it).
 * - CRLF and lone CR end lines, as in every loader.
 * - `KEY: value` (a colon and a space) is read by dotenv only.
 */

export type Quote = '"' | "'" | '`' | '';
export type Newline = '\r\n' | '\n' | '\r' | '';

/** The raw pieces of an entry, in order: joined they give back its text exactly. */
export interface EntryParts {
  readonly indent: string;
  /** `export ` as written (with its spaces), or ''. */
  readonly export: string;
  readonly key: string;
  /** Whitespace between the key and the separator. */
  readonly beforeSeparator: string;
  readonly separator: '=' | ':';
  /** Whitespace between the separator and the value. */
  readonly afterSeparator: string;
  /** The value as written, quotes included; may span lines. */
  readonly value: string;
  /** Whitespace after the value (before a comment or the end of the line). */
  readonly trailing: string;
  /** From `#` to the end of the line, or ''. */
  readonly comment: string;
}

interface ItemBase {
  /** 1-based line where the item starts. */
  readonly line: number;
  /** 1-based line where it ends (after line for multi-line values). */
  readonly endLine: number;
  /** Offset of `raw` in the parsed text (UTF-16 code units; a BOM counts as one). */
  readonly offset: number;
  /** The item's exact text, without its line ending. */
  readonly raw: string;
  /** The line ending that follows raw ('' at the end of the text). */
  readonly newline: Newline;
}

export interface DotenvEntry extends ItemBase {
  readonly kind: 'entry';
  readonly key: string;
  /** The value dotenv (Node) loads. */
  readonly value: string;
  /** The quote that delimits the value, '' when unquoted. */
  readonly quote: Quote;
  /** 1-based column of the key on its line (UTF-16 code units; a BOM counts as one, as everywhere in scan-keys). */
  readonly column: number;
  readonly parts: EntryParts;
  /**
   * Set when the value starts with a quote that the loaders do not pair: it never
   * closes, or text follows the closing quote. dotenv then reads the line as
   * unquoted (keeping the quote characters); python-dotenv rejects it.
   */
  readonly quoteError?: 'unclosed' | 'text-after-quote';
}

/**
 * Consecutive blank lines are one item (raw holds the line endings between
 * them), so that 10 MB of blank lines cost one object, not ten million.
 */
export interface DotenvBlank extends ItemBase {
  readonly kind: 'blank';
}

/** Consecutive comment lines are one item, as blank lines are. */
export interface DotenvComment extends ItemBase {
  readonly kind: 'comment';
}

/** A line no loader reads as an assignment. */
export interface DotenvInvalid extends ItemBase {
  readonly kind: 'invalid';
  /**
   * no-separator: a name alone (`KEY`) or a name and a value without `=`;
   * bad-key: something before `=` that is not a variable name; other: anything else.
   */
  readonly reason: 'no-separator' | 'bad-key' | 'other';
  /** The leading name, when the line starts with one. */
  readonly key?: string;
}

export type DotenvLine = DotenvEntry | DotenvBlank | DotenvComment | DotenvInvalid;

export interface DotenvDocument {
  /** The text starts with a UTF-8 byte order mark (U+FEFF). */
  readonly bom: boolean;
  /** Every line item in order: entries, blanks, comments and invalid lines (a run of blank or comment lines is one item). */
  readonly lines: readonly DotenvLine[];
  /** The assignments, in order (a key may appear more than once). */
  readonly entries: readonly DotenvEntry[];
}

const BOM = '\uFEFF';

/** `[export ]KEY=` or `[export ]KEY: ` at the start of a line, as dotenv accepts it. */
const ENTRY_HEAD = /^([^\S\r\n]*)(export[^\S\r\n]+)?([\w.-]+)(?:([^\S\r\n]*)(=)|:(?=[^\S\r\n]))/;
const NAME_ALONE = /^[^\S\r\n]*(?:export[^\S\r\n]+)?([\w.-]+)[^\S\r\n]*$/;
const NAME_THEN_TEXT = /^[^\S\r\n]*(?:export[^\S\r\n]+)?([\w.-]+)[^\S\r\n]+[^\s=#]/;
/** An `=` before any `#`. One quantifier: a separate one for the indent would trade spaces with it, in quadratic time. */
const BAD_KEY = /^[^=#\r\n]*=/;

/**
 * End of the physical line starting at `from`: [index of its line ending, that
 * ending]. `cr`: whether the text holds a CR at all (most .env files do not):
 * without one, a native search for the LF. A file's lines are parsed once
 * each, mostly before the JIT has warmed up, and a loop over every character
 * was a third of the parse.
 */
export function lineEnd(text: string, from: number, cr: boolean): [number, Newline] {
  if (!cr) {
    const nl = text.indexOf('\n', from);
    return nl === -1 ? [text.length, ''] : [nl, '\n'];
  }
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return [i, '\n'];
    if (c === 0x0d) return [i, text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r'];
  }
  return [text.length, ''];
}

const SPACES = /[^\S\r\n]*/y;

/** The run of spaces and tabs (no line endings) at `at`: sticky, so no copy of the rest of the text. */
function spacesAt(text: string, at: number): string {
  SPACES.lastIndex = at;
  return SPACES.exec(text)?.[0] ?? '';
}

/** Line endings inside a piece of text (CRLF counts once), counted without an array of matches. */
export function countNewlines(text: string): number {
  // Nearly every piece is one line: two native searches instead of a loop.
  if (!text.includes('\n') && !text.includes('\r')) return 0;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) n++;
  }
  return n;
}

/**
 * After a closing quote at `at - 1`, only whitespace and a comment may follow
 * on that line. Looks no further than the run of spaces: every candidate quote
 * is checked this way, so reading to the end of the line each time would be quadratic.
 */
function onlyCommentAfter(text: string, at: number): boolean {
  const next = at + spacesAt(text, at).length;
  const c = text.charCodeAt(next);
  return next >= text.length || c === 0x23 /* # */ || c === 0x0a || c === 0x0d;
}

/** Every closing quote the loaders' regex may pick, in the order it tries them. */
function closingCandidates(text: string, open: number, quote: string): number[] {
  const escaped: number[] = [];
  for (let i = text.indexOf(quote, open + 1); i !== -1; i = text.indexOf(quote, i + 1)) {
    if (text[i - 1] !== '\\') return [i, ...escaped.reverse()];
    escaped.push(i);
  }
  return escaped.reverse();
}

/**
 * `text` with every `from` replaced by `to`, by split and join. A regex
 * replace of a value with 500,000 matches (1 MB of \n escapes, or of CRLFs)
 * took 25-70 times as long as on 64 kB (test/linear-time.test.ts allows 64,
 * and it once failed): it keeps that many parts alive through every
 * scavenge. Split and join: 15-21 times, and 3-4 times faster on 1 MB.
 */
const replaced = (text: string, from: string, to: string): string => (text.includes(from) ? text.split(from).join(to) : text);

/** What dotenv makes of a trimmed value: strip one pair of quotes, decode \n and \r after a double quote. */
function loadValue(trimmed: string): string {
  const first = trimmed[0];
  let value = trimmed;
  if (trimmed.length >= 2 && (first === '"' || first === "'" || first === '`') && trimmed.endsWith(first)) {
    value = trimmed.slice(1, -1);
  }
  // CRLF first, then a lone CR: what /\r\n?/g gives. Then \n before \r escapes, as dotenv decodes them.
  if (value.includes('\r')) value = replaced(replaced(value, '\r\n', '\n'), '\r', '\n');
  return first === '"' && value.includes('\\') ? replaced(replaced(value, '\\n', '\n'), '\\r', '\r') : value;
}

interface Head {
  readonly indent: string;
  readonly export: string;
  readonly key: string;
  readonly beforeSeparator: string;
  readonly separator: '=' | ':';
}

function parseEntry(text: string, cr: boolean, offset: number, line: number, column: number, head: Head, headLength: number): DotenvEntry {
  const afterSep = spacesAt(text, offset + headLength);
  const valueStart = offset + headLength + afterSep.length;
  const [eol, newline] = lineEnd(text, valueStart, cr);
  const open = text[valueStart];
  let quoteError: DotenvEntry['quoteError'];

  if (open === '"' || open === "'" || open === '`') {
    for (const close of closingCandidates(text, valueStart, open)) {
      if (!onlyCommentAfter(text, close + 1)) continue;
      const [closeEol, closeNewline] = lineEnd(text, close + 1, cr);
      const after = text.slice(close + 1, closeEol);
      const trailing = spacesAt(text, close + 1);
      const raw = text.slice(valueStart, close + 1);
      return entry(offset, line, column, head, {
        afterSeparator: afterSep,
        value: raw,
        trailing,
        comment: after.slice(trailing.length),
        newline: closeNewline,
        loaded: loadValue(raw),
        quote: open,
      });
    }
    quoteError = text.slice(valueStart + 1, eol).includes(open) ? 'text-after-quote' : 'unclosed';
  }

  // Unquoted (or a quote the loaders could not pair): up to the first `#` on the line, trimmed.
  const rest = text.slice(valueStart, eol);
  const hash = rest.indexOf('#');
  const body = hash === -1 ? rest : rest.slice(0, hash);
  // trimEnd strips what \s matches, in one pass (/\s+$/ is quadratic on a long inner run of spaces).
  const value = body.trimEnd();
  return entry(offset, line, column, head, {
    afterSeparator: afterSep,
    value,
    trailing: body.slice(value.length),
    comment: hash === -1 ? '' : rest.slice(hash),
    newline,
    loaded: loadValue(value),
    quote: '',
    ...(quoteError ? { quoteError } : {}),
  });
}

interface Tail {
  readonly afterSeparator: string;
  readonly value: string;
  readonly trailing: string;
  readonly comment: string;
  readonly newline: Newline;
  readonly loaded: string;
  readonly quote: Quote;
  readonly quoteError?: DotenvEntry['quoteError'];
}

/** `oneLine`: the entry's whole text, when the caller has it and it is one line (no joining of the parts, no counting of their line endings). */
function entry(offset: number, line: number, column: number, head: Head, tail: Tail, oneLine?: string): DotenvEntry {
  const parts: EntryParts = {
    indent: head.indent,
    export: head.export,
    key: head.key,
    beforeSeparator: head.beforeSeparator,
    separator: head.separator,
    afterSeparator: tail.afterSeparator,
    value: tail.value,
    trailing: tail.trailing,
    comment: tail.comment,
  };
  const raw = oneLine ?? joinParts(parts);
  return {
    kind: 'entry',
    key: head.key,
    value: tail.loaded,
    quote: tail.quote,
    line,
    endLine: oneLine === undefined ? line + countNewlines(raw) : line,
    column,
    offset,
    raw,
    newline: tail.newline,
    parts,
    ...(tail.quoteError ? { quoteError: tail.quoteError } : {}),
  };
}

export function joinParts(p: EntryParts): string {
  return p.indent + p.export + p.key + p.beforeSeparator + p.separator + p.afterSeparator + p.value + p.trailing + p.comment;
}

/**
 * `KEY=value` and nothing else: no space, quote or `#` anywhere on the line.
 * Most lines of most files are like this, and each is parsed once, mostly
 * before the JIT has warmed up: such a line is known from this one native
 * test, without the head's match, the value's search for its end, trims or
 * decoding. What parseEntry makes of it is the same: the value is the rest
 * of the line, loaded as written.
 */
const PLAIN_ENTRY = /^[\w.-]+=[^\s"'`#]*$/;

const HASH = 0x23;

/** `lineStart` differs from `offset` only on line 1 after a BOM. */
function parseLine(text: string, cr: boolean, offset: number, line: number, lineStart: number): DotenvLine {
  const [eol, newline] = lineEnd(text, offset, cr);
  const raw = text.slice(offset, eol);
  // The two common lines first, each from one test: a comment at the line's start, and a plain entry.
  if (raw.charCodeAt(0) === HASH) return { kind: 'comment', line, endLine: line, offset, raw, newline };
  if (PLAIN_ENTRY.test(raw)) return plainEntry(raw, newline, offset, line, lineStart);
  const base = { line, endLine: line, offset, raw, newline };
  if (raw.trim() === '') return { kind: 'blank', ...base };
  if (/^\s*#/.test(raw)) return { kind: 'comment', ...base };
  const m = ENTRY_HEAD.exec(raw);
  if (m) {
    const head: Head = {
      indent: m[1] ?? '',
      export: m[2] ?? '',
      key: m[3] ?? '',
      beforeSeparator: m[4] ?? '',
      separator: m[5] === '=' ? '=' : ':',
    };
    const column = offset - lineStart + head.indent.length + head.export.length + 1;
    return parseEntry(text, cr, offset, line, column, head, m[0].length);
  }
  const alone = NAME_ALONE.exec(raw) ?? (BAD_KEY.test(raw) ? null : NAME_THEN_TEXT.exec(raw));
  if (alone) return { kind: 'invalid', reason: 'no-separator', key: alone[1] ?? '', ...base };
  return { kind: 'invalid', reason: BAD_KEY.test(raw) ? 'bad-key' : 'other', ...base };
}

/** The entry of a line PLAIN_ENTRY accepts, as parseEntry would make it. */
function plainEntry(raw: string, newline: Newline, offset: number, line: number, lineStart: number): DotenvEntry {
  const eq = raw.indexOf('=');
  const key = raw.slice(0, eq);
  const value = raw.slice(eq + 1);
  const head: Head = { indent: '', export: '', key, beforeSeparator: '', separator: '=' };
  const tail: Tail = { afterSeparator: '', value, trailing: '', comment: '', newline, loaded: value, quote: '' };
  return entry(offset, line, offset - lineStart + 1, head, tail, raw);
}

/**
 * Every line item of .env text, one physical line at a time (a multi-line
 * value is one item), generated as it is read: parseDotenv's items, with runs
 * of blank and comment lines not yet joined.
 */
export function* dotenvLines(text: string): Generator<DotenvLine> {
  const next = lineCursor(text);
  for (let item = next(); item; item = next()) yield item;
}

/**
 * The line items of .env text, one per call (undefined at the end): what
 * dotenvLines yields, for parseDotenv to read without resuming a generator
 * for every line, which costs more than the line's parse while the code is
 * still interpreted.
 */
function lineCursor(text: string): () => DotenvLine | undefined {
  let offset = text.startsWith(BOM) ? 1 : 0;
  let line = 1;
  const cr = text.includes('\r');
  return () => {
    if (offset >= text.length) return undefined;
    const item = parseLine(text, cr, offset, line, line === 1 ? 0 : offset);
    offset = item.offset + item.raw.length + item.newline.length;
    line = item.endLine + 1;
    return item;
  };
}

type RunLine = DotenvBlank | DotenvComment;
const isRunLine = (l: DotenvLine): l is RunLine => l.kind === 'blank' || l.kind === 'comment';

/** One item for a run of blank or comment lines, from its first and last line; raw is a slice of the text, not a copy. */
function joinRun(text: string, first: RunLine, last: RunLine): RunLine {
  if (first === last) return first;
  const end = last.offset + last.raw.length;
  return { kind: first.kind, line: first.line, endLine: last.endLine, offset: first.offset, raw: text.slice(first.offset, end), newline: last.newline };
}

/** Parses .env text. Never throws: what no loader reads becomes an `invalid` line. */
export function parseDotenv(text: string): DotenvDocument {
  const lines: DotenvLine[] = [];
  let run: { first: RunLine; last: RunLine } | undefined;
  const next = lineCursor(text);
  for (let item = next(); item; item = next()) {
    if (run && isRunLine(item) && item.kind === run.first.kind) {
      run.last = item;
      continue;
    }
    if (run) lines.push(joinRun(text, run.first, run.last));
    run = undefined;
    if (isRunLine(item)) run = { first: item, last: item };
    else lines.push(item);
  }
  if (run) lines.push(joinRun(text, run.first, run.last));
  return { bom: text.startsWith(BOM), lines, entries: lines.filter((l): l is DotenvEntry => l.kind === 'entry') };
}

/** The exact text parseDotenv was given. */
export function printDotenv(doc: DotenvDocument): string {
  return (doc.bom ? BOM : '') + doc.lines.map((l) => l.raw + l.newline).join('');
}

/** An entry's parts in the order they are written. */
const PART_ORDER: readonly (keyof EntryParts)[] = ['indent', 'export', 'key', 'beforeSeparator', 'separator', 'afterSeparator', 'value', 'trailing', 'comment'];

/** Offset (in the parsed text) where a part of an entry starts (every rule asks it of every entry: no array made per call). */
export function partOffset(e: DotenvEntry, part: keyof EntryParts): number {
  let at = e.offset;
  for (const name of PART_ORDER) {
    if (name === part) return at;
    at += e.parts[name].length;
  }
  return at;
}

/**
 * Decodes file bytes for parseDotenv, keeping a BOM. Undefined when the bytes
 * are not valid UTF-8 (then printing would not give the same bytes back).
 */
export function decodeDotenv(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
