import type { Match } from './match.js';
import { lineBounds, lineOf } from './positions.js';
import type { LineRanges } from '../sources/unit.js';

/**
 * Directives that allow a line. `gitleaks:allow` and detect-secrets'
 * `pragma: allowlist secret` are honoured so that teams can migrate.
 */
const ALLOW_LINE = ['scan-keys:allow', 'gitleaks:allow', 'pragma: allowlist secret'].map((s) => Buffer.from(s));
const ALLOW_NEXT_LINE = ['scan-keys:allow-next-line', 'pragma: allowlist nextline secret'].map((s) => Buffer.from(s));

function lineHas(bytes: Buffer, line: number, needles: readonly Buffer[]): boolean {
  if (line < 1) return false;
  const [start, end] = lineBounds(bytes, line);
  const text = bytes.subarray(start, end);
  return needles.some((n) => text.includes(n));
}

/** True when an inline comment allows the match's line. */
export function inlineAllowed(m: Match): boolean {
  const bytes = m.unit.bytes;
  const first = lineOf(bytes, m.start);
  return lineHas(bytes, first, ALLOW_LINE) || lineHas(bytes, first - 1, ALLOW_NEXT_LINE);
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
