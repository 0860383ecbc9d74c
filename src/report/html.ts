import { createHash } from 'node:crypto';
import { active, coveredOf, type Finding, type ScanTarget, type Summary } from '../finding.js';
import { packageVersion } from '../version.js';
import { isLive, PROBE_LABELS, probeAdvice, probeText, shortSha, stepsFor } from './advice.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-assets.js';
import type { Reporter } from './reporter.js';
import { suppressedTotal } from './suppressed.js';

/**
 * One self-contained HTML page for a person to read and forward: a summary,
 * one card per unique secret (grouped by fingerprint) with every place it was
 * found and what to do, and a filterable, sortable table of all findings.
 * No external asset of any kind; a Content-Security-Policy with the hashes of
 * the one inline style and script blocks everything else, so even a missed
 * escape could not run code or reach the network.
 */

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const CSP = [
  "default-src 'none'",
  `style-src ${sha256(HTML_STYLE)}`,
  `script-src ${sha256(HTML_SCRIPT)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Only web links become anchors: rule data is ours, but a report must never carry a javascript: URL. */
function link(url: string): string {
  return /^https?:\/\//.test(url) ? `<a href="${e(url)}" rel="noopener noreferrer">${e(url)}</a>` : e(url);
}

/** The steps with the URLs in them made clickable. */
function stepHtml(step: string): string {
  return step
    .split(/(https?:\/\/[^\s)]+[^\s).,;:])/)
    .map((part, i) => (i % 2 === 1 ? link(part) : e(part)))
    .join('');
}

function badge(f: Finding): string {
  if (!f.probe) return '<span class="badge badge-none">not probed</span>';
  const title = `${probeText(f.probe)}. ${probeAdvice(f.probe, f.rotateAt)}`;
  return `<span class="badge badge-${e(f.probe.status)}" title="${e(title)}">${e(PROBE_LABELS[f.probe.status])}</span>`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

interface SecretGroup {
  readonly fingerprint: string;
  readonly first: Finding;
  readonly all: Finding[];
}

/**
 * Errors, then warnings, then anything else (a severity added later, such as
 * info, sorts after warning): what blocks comes first. Array sort is stable,
 * so file order holds within a severity.
 */
function severityRank(severity: string): number {
  return severity === 'error' ? 0 : severity === 'warning' ? 1 : 2;
}

const errorsFirst = <T extends { readonly severity: string }>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => severityRank(a.severity) - severityRank(b.severity));

/** Findings of kind secret by fingerprint; errors first, live keys first within a severity, then in file order. */
function groupSecrets(findings: readonly Finding[]): SecretGroup[] {
  const groups = new Map<string, SecretGroup>();
  for (const f of findings) {
    if (f.kind !== 'secret') continue;
    const group = groups.get(f.fingerprint);
    if (group) group.all.push(f);
    else groups.set(f.fingerprint, { fingerprint: f.fingerprint, first: f, all: [f] });
  }
  return [...groups.values()].sort(
    (a, b) => severityRank(a.first.severity) - severityRank(b.first.severity) || Number(isLive(b.first.probe)) - Number(isLive(a.first.probe)),
  );
}

function stat(value: string | number, label: string, tone = ''): string {
  return `<div class="stat${tone ? ` ${tone}` : ''}"><div class="value">${e(value)}</div><div class="label">${e(label)}</div></div>`;
}

function summaryHtml(findings: readonly Finding[], summary: Summary, groups: readonly SecretGroup[]): string {
  const live = groups.filter((g) => isLive(g.first.probe)).length;
  const probed = groups.some((g) => g.first.probe !== undefined);
  const { commits } = coveredOf(summary);
  const stats = [
    stat(groups.length, groups.length === 1 ? 'unique secret' : 'unique secrets', groups.length > 0 ? 'bad' : 'good'),
    probed ? stat(live, live === 1 ? 'live key' : 'live keys', live > 0 ? 'bad' : 'good') : '',
    stat(findings.length, findings.length === 1 ? 'finding' : 'findings'),
    stat(summary.errors, summary.errors === 1 ? 'error' : 'errors', summary.errors > 0 ? 'bad' : ''),
    stat(summary.warnings, summary.warnings === 1 ? 'warning' : 'warnings', summary.warnings > 0 ? 'warn' : ''),
    ...(commits === undefined ? [] : [stat(commits, commits === 1 ? 'commit scanned' : 'commits scanned')]),
    stat(summary.files, summary.files === 1 ? 'file scanned' : 'files scanned'),
    stat(formatBytes(summary.bytes), 'scanned'),
    stat(`${(summary.durationMs / 1000).toFixed(2)} s`, 'scan time'),
    summary.skipped.length > 0 ? stat(summary.skipped.length, 'skipped', 'warn') : '',
    suppressedTotal(summary.suppressed) > 0 ? stat(suppressedTotal(summary.suppressed), 'let through', 'warn') : '',
  ];
  const verdict =
    groups.length === 0
      ? '<p class="verdict good">No secrets found.</p>'
      : `<p class="verdict bad">${e(plural(groups.length, 'secret'))} found${probed ? `, ${e(live)} of them live` : ''}: rotate ${groups.length === 1 ? 'it' : 'them'} first, then clean up the code.</p>`;
  return `<section class="summary" aria-label="Summary">${verdict}<div class="stats">${stats.join('')}</div></section>`;
}

/** The day, with the full ISO time on hover. */
function dateHtml(iso: string): string {
  return `<span class="nowrap" title="${e(iso)}">${e(iso.slice(0, 10))}</span>`;
}

function commitHtml(f: Finding): string {
  return f.commit ? `<code title="${e(f.commit.sha)}">${e(shortSha(f.commit))}</code>` : '';
}

/** The commit with its subject and the refs that reach it, when the history scan gave them. */
function tracedCommitHtml(f: Finding): string {
  const commit = f.commit;
  if (!commit) return '';
  const subject = commit.subject ? ` <span class="subject">${e(commit.subject)}</span>` : '';
  const refs = commit.refs && commit.refs.length > 0 ? `<br><span class="muted">on ${commit.refs.map((r) => `<code>${e(r)}</code>`).join(', ')}</span>` : '';
  return `${commitHtml(f)}${subject}${refs}`;
}

/**
 * History advice in the report's words (the text report's plan, history-advice.ts,
 * is laid out for a terminal): a key in a commit is not fixed by editing a
 * file, since every clone and fork keeps the commit.
 */
function historyAdvice(f: Finding): string[] {
  const commit = f.commit;
  const where = commit ? `commit ${shortSha(commit)}${commit.subject ? ` (${commit.subject})` : ''}` : 'a commit';
  const refs = commit?.refs && commit.refs.length > 0 ? ` (reached from ${commit.refs.join(', ')})` : '';
  return [
    `Rotate the key ${f.rotateAt ? `at ${f.rotateAt}` : "at the provider's key page"}: it is in the git history, so every clone and fork holds a copy, and rotating is what protects you.`,
    `It was introduced in ${where}${refs}. To keep it out of new clones, rewrite the history that holds it (git filter-repo --replace-text, then force-push the branches and tags that reach the commit); if only a branch nobody needs reaches it, deleting that branch and its remote copy is enough.`,
    'Not a real key (a test fixture, a documented sample)? Record it in a baseline (scan-keys baseline --history).',
  ];
}

/** What to do about a finding: history findings get history steps, others the shared ones. */
const stepsOf = (f: Finding): string[] => (f.commit !== undefined ? historyAdvice(f) : stepsFor(f));

function occurrenceRow(f: Finding, history: boolean): string {
  const commit = history ? `<td>${tracedCommitHtml(f)}</td><td>${e(f.commit?.author ?? '')}</td><td>${f.commit ? dateHtml(f.commit.date) : ''}</td>` : '';
  return `<tr><td class="file">${e(f.file)}</td><td class="num">${e(f.line)}:${e(f.column)}</td>${commit}</tr>`;
}

function secretCard(group: SecretGroup, history: boolean, open: boolean): string {
  const f = group.first;
  const files = new Set(group.all.map((x) => x.file)).size;
  const commitHead = history ? '<th>Commit</th><th>Author</th><th>Date</th>' : '';
  const probe = f.probe ? `<p class="probe">${badge(f)} ${e(probeText(f.probe))}: ${e(probeAdvice(f.probe, f.rotateAt))}</p>` : '';
  return `<article class="secret${isLive(f.probe) ? ' live' : ''}" id="secret-${e(group.fingerprint.slice(0, 16))}">
<header><code class="redacted">${e(f.redacted)}</code> ${badge(f)} <span class="rule">${e(f.title)}</span> <span class="muted">[${e(f.rule)}]</span></header>
<p class="muted">Fingerprint <code>${e(group.fingerprint.slice(0, 16))}…</code> · found ${e(plural(group.all.length, 'time'))} in ${e(plural(files, 'file'))}</p>
${probe}
<table class="occurrences"><thead><tr><th>File</th><th>Line</th>${commitHead}</tr></thead><tbody>
${group.all.map((x) => occurrenceRow(x, history)).join('\n')}
</tbody></table>
<details${open ? ' open' : ''}><summary>What to do</summary><ol>${stepsOf(f).map((s) => `<li>${stepHtml(s)}</li>`).join('')}</ol></details>
</article>`;
}

function secretsHtml(groups: readonly SecretGroup[], history: boolean): string {
  if (groups.length === 0) return '';
  return `<section id="secrets"><h2>Secrets <span class="muted">(${e(groups.length)} unique)</span></h2>
${groups.map((g, i) => secretCard(g, history, i === 0)).join('\n')}
</section>`;
}

function dotenvHtml(findings: readonly Finding[]): string {
  const lint = errorsFirst(findings.filter((f) => f.kind === 'dotenv'));
  if (lint.length === 0) return '';
  const steps = stepsFor(lint[0] as Finding);
  return `<section id="dotenv"><h2>.env problems <span class="muted">(${e(lint.length)})</span></h2>
<ul class="lint">${lint.map((f) => `<li><span class="sev sev-${e(f.severity)}">${e(f.severity)}</span> <span class="file">${e(f.file)}:${e(f.line)}</span> ${e(f.message)} <span class="muted">[${e(f.rule)}]</span></li>`).join('\n')}</ul>
<details><summary>What to do</summary><ol>${steps.map((s) => `<li>${stepHtml(s)}</li>`).join('')}</ol></details>
</section>`;
}

interface Column {
  readonly key: string;
  readonly title: string;
  readonly value: (f: Finding) => string | number;
  /** The cell's HTML; the escaped value when absent. */
  readonly cell?: (f: Finding) => string;
  /** What the table sorts by, when not the value (severity: by rank, not alphabetically). */
  readonly sortValue?: (f: Finding) => string | number;
}

function columns(history: boolean, probed: boolean): Column[] {
  const all: (Column | false)[] = [
    { key: 'severity', title: 'Severity', value: (f) => f.severity, sortValue: (f) => `${severityRank(f.severity)} ${f.severity}`, cell: (f) => `<span class="sev sev-${e(f.severity)}">${e(f.severity)}</span>` },
    { key: 'rule', title: 'Rule', value: (f) => f.rule },
    { key: 'file', title: 'File', value: (f) => f.file },
    { key: 'line', title: 'Line', value: (f) => f.line },
    {
      key: 'value',
      title: 'Key / problem',
      value: (f) => (f.kind === 'secret' ? f.redacted : f.message),
      cell: (f) => (f.kind === 'secret' ? `<code class="nowrap">${e(f.redacted)}</code>` : e(f.message)),
    },
    history && { key: 'commit', title: 'Commit', value: (f) => (f.commit ? shortSha(f.commit) : ''), cell: commitHtml },
    history && { key: 'author', title: 'Author', value: (f) => f.commit?.author ?? '' },
    history && { key: 'date', title: 'Date', value: (f) => f.commit?.date ?? '', cell: (f) => (f.commit ? dateHtml(f.commit.date) : '') },
    probed && { key: 'probe', title: 'Probe', value: (f) => (f.probe ? PROBE_LABELS[f.probe.status] : ''), cell: (f) => (f.probe ? badge(f) : '') },
  ];
  return all.filter((c): c is Column => c !== false);
}

function tableHtml(findings: readonly Finding[], history: boolean, probed: boolean): string {
  const cols = columns(history, probed);
  const head = cols.map((c) => `<th data-key="${e(c.key)}" aria-sort="none"><button type="button">${e(c.title)}</button></th>`).join('');
  const rows = errorsFirst(findings).map((f) => {
    const data = cols.map((c) => `data-${c.key}="${e((c.sortValue ?? c.value)(f))}"`).join(' ');
    const cells = cols.map((c) => `<td class="col-${e(c.key)}">${c.cell ? c.cell(f) : e(c.value(f))}</td>`).join('');
    return `<tr class="finding" ${data}>${cells}</tr>`;
  });
  return `<section id="findings"><h2>All findings</h2>
<p class="tools"><label>Filter <input type="search" id="filter" placeholder="file, rule, author, status…" autocomplete="off"></label> <span class="muted"><span id="shown">${e(findings.length)}</span> of ${e(findings.length)} shown · click a column to sort</span></p>
<div class="scroll"><table id="findings-table"><thead><tr>${head}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table></div>
</section>`;
}

function skippedHtml(summary: Summary): string {
  if (summary.skipped.length === 0) return '';
  const items = summary.skipped.map((s) => `<li><span class="file">${e(s.path)}</span> <span class="muted">${e(s.skipped)}${s.detail ? `: ${e(s.detail)}` : ''}</span></li>`);
  return `<section id="skipped"><h2>Not scanned <span class="muted">(${e(summary.skipped.length)})</span></h2><ul>${items.join('\n')}</ul></section>`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 December 2026, 11:40 UTC": a date a reader in any time zone takes the same way. */
export function humanDate(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()] ?? ''} ${date.getUTCFullYear()}, ${two(date.getUTCHours())}:${two(date.getUTCMinutes())} UTC`;
}

/** rev-list's --all, as the history scan passes it when given no revisions. */
const revisionText = (rev: string): string => (rev === '--all' ? 'every ref and stash (--all)' : rev);

const codes = (items: readonly string[], text: (item: string) => string = (item) => item) => items.map((item) => `<code>${e(text(item))}</code>`).join(', ');

/** Where the repository lives, as far as a reader of a forwarded report can tell. */
function repositoryHtml(target: ScanTarget): string {
  if (target.repository) return `<code>${e(target.repository)}</code>`;
  return target.head || target.branch ? 'a local repository (no remote)' : 'not a git repository';
}

/** What the scan covered, in the words of each mode: paths, the staged changes, or revisions. */
function scannedHtml(mode: Summary['mode'], target: ScanTarget): string {
  if (target.revisions) return codes(target.revisions, revisionText);
  const paths = target.paths ? codes(target.paths) : '';
  if (mode === 'staged') return `the staged changes${paths ? ` in ${paths}` : ''}`;
  return paths;
}

/** The header's facts: repository, branch, HEAD, what was scanned, and when (ISO on hover and in datetime). */
function targetHtml(summary: Summary, generatedAt: Date): string {
  const target = summary.target;
  const iso = generatedAt.toISOString();
  const rows: [string, string][] = [];
  if (target) {
    rows.push(['Repository', repositoryHtml(target)]);
    if (target.branch) rows.push(['Branch', `<code>${e(target.branch)}</code>`]);
    if (target.head) rows.push(['HEAD', `<code title="${e(target.head)}">${e(target.head.slice(0, 12))}</code>`]);
    const scanned = scannedHtml(summary.mode, target);
    if (scanned) rows.push([target.revisions ? 'Revisions' : 'Scanned', scanned]);
  }
  rows.push(['Generated', `<time datetime="${e(iso)}" title="${e(iso)}">${e(humanDate(generatedAt))}</time>`]);
  return `<dl class="target">${rows.map(([term, value]) => `<div><dt>${e(term)}</dt><dd>${value}</dd></div>`).join('')}</dl>`;
}

export function htmlReport(findings: readonly Finding[], summary: Summary, generatedAt: Date = new Date()): string {
  const groups = groupSecrets(findings);
  const history = findings.some((f) => f.commit !== undefined);
  const probed = findings.some((f) => f.probe !== undefined);
  const title = `scan-keys report: ${groups.length === 0 ? 'no secrets' : plural(groups.length, 'secret')}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header class="top"><h1>scan-keys report</h1>
${targetHtml(summary, generatedAt)}
<p class="muted">${e(summary.mode)} scan · scan-keys ${e(packageVersion())} · no key appears in this report, only redacted forms and fingerprints</p></header>
<main>
${summaryHtml(findings, summary, groups)}
${secretsHtml(groups, history)}
${dotenvHtml(findings)}
${findings.length > 0 ? tableHtml(findings, history, probed) : ''}
${skippedHtml(summary)}
</main>
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}

export const htmlReporter: Reporter = (findings, summary, out) => {
  // The page lists problems; what was let through is counted in its summary.
  out.write(htmlReport(active(findings), summary));
};
