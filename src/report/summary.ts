import { active, coveredOf, type Finding, type SuppressedCounts, type Summary } from '../finding.js';
import { PROBE_LABELS } from './advice.js';
import type { Reporter } from './reporter.js';
import { skippedLines } from './skipped.js';

/**
 * A Markdown page for a CI job summary ($GITHUB_STEP_SUMMARY): the verdict,
 * one table row per finding (redacted, file:line, commit), what the scan
 * covered, what it let through and what it did not read. Written so that a
 * reader can tell "clean" from "looked at nothing" at a glance.
 */

/**
 * Text from input (file names, authors, messages) is already redacted and has
 * its control characters made visible; here it is made inert as Markdown:
 * a file named `[x](https://…)` or `<img src=…>` must not become a link or HTML
 * in the job summary, and a `|` must not split a table cell. Backslash escapes
 * neutralize Markdown punctuation; <, > and & become entities, which GitHub
 * renders as the characters and never as tags.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** 1.2 MB, 340 KB, 12 bytes: sizes a person reads. */
function size(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return plural(bytes, 'byte');
}

function verdict(summary: Summary): string {
  const found = summary.errors + summary.warnings;
  const icon = summary.errors > 0 ? '❌' : summary.warnings > 0 ? '⚠️' : '✅';
  const counts = found === 0 ? 'no keys found' : `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}`;
  return `## ${icon} scan-keys: ${counts}`;
}

function coveredLine(summary: Summary): string {
  const c = coveredOf(summary);
  const parts = [
    ...(c.commits !== undefined ? [plural(c.commits, 'commit')] : []),
    ...(c.blobs !== undefined ? [plural(c.blobs, 'blob')] : []),
    plural(c.files, 'file'),
    size(c.bytes),
  ];
  const nothing = c.files === 0 && (c.commits ?? 0) === 0;
  return `**Covered** (${summary.mode} scan): ${parts.join(', ')}${nothing ? ' — nothing was scanned' : ''}`;
}

function suppressedLine(s: SuppressedCounts): string {
  const total = s.inline + s.baseline + s.config;
  if (total === 0) return '**Suppressed**: none';
  return `**Suppressed**: ${total} (${s.inline} by inline allow comments, ${s.baseline} by the baseline, ${s.config} by the config allow-list)`;
}

function findingRow(f: Finding): string {
  const where = `${escapeMarkdown(f.file)}:${f.line}`;
  const commit = f.commit ? escapeMarkdown(f.commit.sha.slice(0, 12)) : '';
  const probe = f.probe ? ` (${PROBE_LABELS[f.probe.status]})` : '';
  const cells = [f.severity, `${escapeMarkdown(f.title)} (${escapeMarkdown(f.rule)})`, where, commit, `${escapeMarkdown(f.redacted)}${probe}`];
  return `| ${cells.join(' | ')} |`;
}

function findingTable(findings: readonly Finding[]): string[] {
  return ['| Severity | Rule | Where | Commit | Key (redacted) |', '| --- | --- | --- | --- | --- |', ...findings.map(findingRow)];
}

export const summaryReporter: Reporter = (all, summary, out) => {
  // Findings let through (listed with --show-suppressed) are counted below, not shown as problems.
  const findings = active(all);
  const lines = [verdict(summary), ''];
  if (findings.length > 0) {
    for (const line of findingTable(findings)) lines.push(line);
    lines.push('');
  }
  lines.push(coveredLine(summary), '');
  lines.push(suppressedLine(summary.suppressed), '');
  const skipped = skippedLines(summary.skipped, 10);
  if (skipped.length > 0) {
    lines.push(`**Not scanned**: ${plural(summary.skipped.length, 'file')}`, '');
    for (const line of skipped) lines.push(`- ${escapeMarkdown(line)}`);
    lines.push('');
  }
  if (findings.length > 0) {
    lines.push('Rotate each key at its provider first, then remove it from the code (and, for a key in a commit, from the git history).', '');
  }
  out.write(`${lines.join('\n')}`);
};
