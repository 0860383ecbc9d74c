import type { Finding, SuppressedBy, SuppressedCounts } from '../finding.js';

/** How a report names what let findings through. */
export const SUPPRESSED_LABELS: Record<SuppressedBy, string> = {
  inline: 'by allow comments',
  baseline: 'by the baseline',
  config: 'by the config allow-list',
};

export const suppressedTotal = (counts: SuppressedCounts): number => counts.inline + counts.baseline + counts.config;

/**
 * "3 let through (2 by allow comments, 1 by the baseline)", or undefined when
 * none was: a clean report must not hide what its allow comments let pass.
 */
export function suppressedLine(counts: SuppressedCounts, listed: boolean): string | undefined {
  const total = suppressedTotal(counts);
  if (total === 0) return undefined;
  const parts = (Object.keys(SUPPRESSED_LABELS) as SuppressedBy[]).filter((by) => counts[by] > 0).map((by) => `${counts[by]} ${SUPPRESSED_LABELS[by]}`);
  return `${total} finding${total === 1 ? '' : 's'} let through (${parts.join(', ')})${listed ? '' : '; --show-suppressed lists them'}`;
}

/** "let through by an allow comment: test fixture" for one suppressed finding. */
export function suppressionText(f: Finding): string {
  if (!f.suppressed) return '';
  const by = { inline: 'an allow comment', baseline: 'the baseline', config: 'the config allow-list' }[f.suppressed.by];
  return `let through by ${by}${f.suppressed.reason ? `: ${f.suppressed.reason}` : ''}`;
}
