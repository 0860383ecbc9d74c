import type { Match } from './match.js';
import { lineBounds, lineOf } from './positions.js';
import type { LineRanges } from './unit.js';

/**
 * Directives that allow a line. `gitleaks:allow` and detect-secrets'
 * `pragma: allowlist secret` are honoured so that teams can migrate.
 */
const ALLOW_LINE = ['scan-keys:allow', 'gitleaks:allow', 'pragma: allowlist secret'].map((s) => Buffer.from(s));
const ALLOW_NEXT_LINE = ['scan-keys:allow-next-line', 'pragma: allowlist nextline secret'].map((s) => Buffer.from(s));

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

/** What the directives of a buffer allow: whole lines, and spans that cover only the keys near them. */
interface Allowed {
  readonly lines: Set<number>;
  readonly near: Map<number, Span[]>;
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
  const lines = new Set<number>();
  const near = new Map<number, Span[]>();
  const add = (needles: readonly Buffer[], shift: number) => {
    for (const needle of needles) {
      for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
        const own = lineOf(bytes, at);
        const target = own + shift;
        if (lineLength(bytes, own) <= LONG_LINE && lineLength(bytes, target) <= LONG_LINE) lines.add(target);
        else {
          const spans = near.get(target) ?? [];
          spans.push({ start: at, end: at + needle.length });
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
 * True when a directive lies within reach of [start, end). Spans on one target
 * line do not overlap, so the nearest directive is the last one starting before
 * the key ends or the first one starting after.
 */
function withinReach(spans: readonly Span[], key: Span): boolean {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((spans[mid]?.start ?? 0) < key.end) lo = mid + 1;
    else hi = mid;
  }
  const before = spans[lo - 1];
  const after = spans[lo];
  return (before !== undefined && gap(before, key) <= ALLOW_REACH) || (after !== undefined && gap(after, key) <= ALLOW_REACH);
}

/**
 * True when an inline comment allows the match: a directive on its line (or
 * a next-line directive on the line before) allows every key of a line of
 * normal length, and on a long line only a key within ALLOW_REACH bytes of it.
 */
export function inlineAllowed(m: Match): boolean {
  const allowed = allowedIn(m.unit.bytes);
  const line = lineOf(m.unit.bytes, m.start);
  if (allowed.lines.has(line)) return true;
  const spans = allowed.near.get(line);
  return spans !== undefined && withinReach(spans, { start: m.start, end: m.end });
}

export function inRanges(ranges: LineRanges, line: number): boolean {
  return ranges.some(([a, b]) => line >= a && line <= b);
}

/** True when the unit limits findings to added lines and the match starts on none of them. */
export function outsideAddedLines(m: Match): boolean {
  const ranges = m.unit.addedLines;
  return ranges !== undefined && !inRanges(ranges, lineOf(m.unit.bytes, m.start));
}

export type MatchFilter = (m: Match) => boolean;

/** The filters every scan applies, before any configured ones. */
export const builtinFilters: readonly MatchFilter[] = [outsideAddedLines, inlineAllowed];
