import type { MatchFilter } from '../engine/filters.js';
import { fingerprintOf } from '../finalize.js';
import type { BaselineEntry } from './baseline.js';

/**
 * Drops matches whose fingerprint is in the baseline. The fingerprint is the
 * key's (rule + secret), so an accepted key stays accepted wherever it moves:
 * a baseline made from history and one made from the work tree agree.
 */
export function baselineFilter(entries: readonly BaselineEntry[]): MatchFilter | undefined {
  const known = new Set(entries.map((e) => e.fingerprint));
  if (known.size === 0) return undefined;
  return (m) => (known.has(fingerprintOf(m)) ? { by: 'baseline' } : undefined);
}
