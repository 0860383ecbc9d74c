import type { Match } from './match.js';
import { lineOf } from './positions.js';
import type { LineRanges } from '../sources/unit.js';

/**
 * Directives that allow a line. `gitleaks:allow` and detect-secrets'
 * `pragma: allowlist secret` are honoured so that teams can migrate.
 */
const ALLOW_LINE = ['scan-keys:allow', 'gitleaks:allow', 'pragma: allowlist secret'].map((s) => Buffer.from(s));
const ALLOW_NEXT_LINE = ['scan-keys:allow-next-line', 'pragma: allowlist nextline secret'].map((s) => Buffer.from(s));

/** The lines holding any of the needles. */
function linesWith(bytes: Buffer, needles: readonly Buffer[], shift: number): Set<number> {
  const lines = new Set<number>();
  for (const needle of needles) {
    for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) {
      lines.add(lineOf(bytes, at) + shift);
    }
  }
  return lines;
}

/** Allowed lines per buffer, found in one search per directive the first time a match needs them. */
const allowedCache = new WeakMap<Buffer, Set<number>>();

function allowedLines(bytes: Buffer): Set<number> {
  let lines = allowedCache.get(bytes);
  if (!lines) {
    lines = new Set([...linesWith(bytes, ALLOW_LINE, 0), ...linesWith(bytes, ALLOW_NEXT_LINE, 1)]);
    allowedCache.set(bytes, lines);
  }
  return lines;
}

/** True when an inline comment allows the match's line (or the line before allows the next one). */
export function inlineAllowed(m: Match): boolean {
  return allowedLines(m.unit.bytes).has(lineOf(m.unit.bytes, m.start));
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
