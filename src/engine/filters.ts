import type { Suppression } from '../finding.js';
import { shown, type Shown } from '../redact.js';
import type { Match } from './match.js';
import { lineBounds, lineOf } from './positions.js';
import type { LineRanges } from './unit.js';

/**
 * Directives that allow a line. The other scanners' markers (gitleaks,
 * detect-secrets, TruffleHog, GitGuardian, secretlint) are honoured so that a
 * team can switch without editing its files.
 */
const ALLOW_LINE = ['scan-keys:allow', 'gitleaks:allow', 'pragma: allowlist secret', 'trufflehog:ignore', 'ggignore', 'secretlint-disable-line'].map((s) =>
  Buffer.from(s),
);
const ALLOW_NEXT_LINE = ['scan-keys:allow-next-line', 'pragma: allowlist nextline secret', 'secretlint-disable-next-line'].map((s) => Buffer.from(s));

/** An allow reason longer than this (in characters) is cut: it is a note, not a document. */
export const REASON_MAX = 120;
/** How far past a directive a reason is read (a long line is not read to its end for each directive). */
const REASON_WINDOW = 2048;

/**
 * A line longer than this (in bytes) is not a source line a person wrote
 * (a minified bundle, a data blob): there a directive covers only the keys
 * near it, or one stray `gitleaks:allow` in a bundle would let every key in
 * the bundle through.
 */
export const LONG_LINE = 500;
/** How far (in bytes, between the directive and the key) a directive reaches when a long line is involved. */
export const ALLOW_REACH = 200;

/** A directive's byte span, sorted by start within the line it applies to. */
interface Span {
  readonly start: number;
  readonly end: number;
}

/** A directive found in a buffer, with the reason written after it, if any. */
interface Directive extends Span {
  readonly reason: Shown | undefined;
}

/** What the directives of a buffer allow: whole lines, and spans that cover only the keys near them. */
interface Allowed {
  readonly lines: Map<number, Shown | undefined>;
  readonly near: Map<number, Directive[]>;
}

const isWordByte = (b: number | undefined) =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x5f);

/**
 * The words after a directive up to the end of its comment or line
 * (`/* scan-keys:allow test fixture` and a comment close give "test fixture"), trimmed and cut at
 * REASON_MAX. It is input, so it goes through the redaction step before it is
 * cut: a key cut in half would no longer be recognised, and would be printed.
 */
export function reasonAfter(bytes: Buffer, end: number): Shown | undefined {
  let from = end;
  // The rest of the directive's word: `scan-keys:allow` is also the start of `scan-keys:allow-next-line`.
  while (isWordByte(bytes[from])) from++;
  const [, lineEnd] = lineBounds(bytes, lineOf(bytes, end));
  const to = Math.min(lineEnd, from + REASON_WINDOW);
  const raw = bytes.toString('utf8', from, to);
  let text = raw;
  for (const close of ['*/', '-->', '%>', '#}']) {
    const at = text.indexOf(close);
    if (at !== -1) text = text.slice(0, at);
  }
  // Cut by the window, the last word may be part of a key: it is dropped, not shown unrecognised.
  if (to < lineEnd && text === raw) text = text.slice(0, Math.max(0, text.search(/\s\S*$/)));
  text = text.replace(/^[\s:=,;-]+/, '').trim();
  if (text.length === 0) return undefined;
  const chars = [...shown(text)];
  return (chars.length > REASON_MAX ? `${chars.slice(0, REASON_MAX - 1).join('')}…` : chars.join('')) as Shown;
}

const lineLength = (bytes: Buffer, line: number): number => {
  const [start, end] = lineBounds(bytes, line);
  return end - start;
};

/**
 * Every directive of a buffer: one indexOf search per needle. A directive
 * allows its whole target line only when neither its own line nor the target
 * is long; otherwise it is kept as a span for the distance check.
 */
function findAllowed(bytes: Buffer): Allowed {
  const lines = new Map<number, Shown | undefined>();
  const near = new Map<number, Directive[]>();
  const add = (needles: readonly Buffer[], shift: number) => {
    for (const needle of needles) {
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
        const own = lineOf(bytes, at);
        const target = own + shift;
        const reason = reasonAfter(bytes, at + needle.length);
        if (lineLength(bytes, own) <= LONG_LINE && lineLength(bytes, target) <= LONG_LINE) {
          // The first directive with a reason gives the line's reason.
          if (lines.get(target) === undefined) lines.set(target, reason);
        } else {
          const spans = near.get(target) ?? [];
          spans.push({ start: at, end: at + needle.length, reason });
          near.set(target, spans);
        }
      }
    }
  };
  add(ALLOW_LINE, 0);
  add(ALLOW_NEXT_LINE, 1);
  // Needles are searched one after the other: sort once so a match finds its neighbours by binary search.
  for (const spans of near.values()) spans.sort((a, b) => a.start - b.start);
  return { lines, near };
}

/** Allowed lines and spans per buffer, found the first time a match needs them. */
const allowedCache = new WeakMap<Buffer, Allowed>();

function allowedIn(bytes: Buffer): Allowed {
  let allowed = allowedCache.get(bytes);
  if (!allowed) {
    allowed = findAllowed(bytes);
    allowedCache.set(bytes, allowed);
  }
  return allowed;
}

/** Bytes between two spans, 0 when they touch or overlap. */
const gap = (a: Span, b: Span): number => Math.max(0, a.start - b.end, b.start - a.end);

/**
 * The directive within reach of [start, end), if any. Spans on one target
 * line do not overlap, so the nearest directive is the last one starting before
 * the key ends or the first one starting after.
 */
function withinReach(spans: readonly Directive[], key: Span): Directive | undefined {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.start ?? 0) < key.end) lo = mid + 1;
    else hi = mid;
  }
  const before = spans[lo - 1];
  const after = spans[lo];
  if (before !== undefined && gap(before, key) <= ALLOW_REACH) return before;
  if (after !== undefined && gap(after, key) <= ALLOW_REACH) return after;
  return undefined;
}

const inline = (reason: Shown | undefined): Suppression => (reason === undefined ? { by: 'inline' } : { by: 'inline', reason });

/**
 * The suppression when an inline comment allows the match: a directive on its
 * line (or a next-line directive on the line before) allows every key of a
 * line of normal length, and on a long line only a key within ALLOW_REACH
 * bytes of it.
 */
export function inlineAllowed(m: Match): Suppression | undefined {
  const allowed = allowedIn(m.unit.bytes);
  const line = lineOf(m.unit.bytes, m.start);
  if (allowed.lines.has(line)) return inline(allowed.lines.get(line));
  const spans = allowed.near.get(line);
  const directive = spans && withinReach(spans, { start: m.start, end: m.end });
  return directive ? inline(directive.reason) : undefined;
}

export function inRanges(ranges: LineRanges, line: number): boolean {
  return ranges.some(([a, b]) => line >= a && line <= b);
}

/** A match the scan does not cover (a line the commit does not add): dropped, and not counted as let through. */
export const OUT_OF_SCOPE = 'out-of-scope';

/** OUT_OF_SCOPE when the unit limits findings to added lines and the match starts on none of them. */
export function outsideAddedLines(m: Match): typeof OUT_OF_SCOPE | undefined {
  const ranges = m.unit.addedLines;
  return ranges !== undefined && !inRanges(ranges, lineOf(m.unit.bytes, m.start)) ? OUT_OF_SCOPE : undefined;
}

/** Why a filter drops a match: what let it through (counted and reported), or that it is out of scope; undefined keeps it. */
export type Verdict = Suppression | typeof OUT_OF_SCOPE | undefined;

export type MatchFilter = (m: Match) => Verdict;

/** The filters every scan applies, before any configured ones; without inline allow comments for an audit of them. */
export const builtinFilters = (options: { readonly inlineAllow?: boolean } = {}): readonly MatchFilter[] =>
  options.inlineAllow === false ? [outsideAddedLines] : [outsideAddedLines, inlineAllowed];
