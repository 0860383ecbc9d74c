import { createColors } from 'picocolors';
import { active, coveredOf, type Finding, type ProbeStatus, type Summary } from '../finding.js';
import { isLive, probeAdvice } from './advice.js';
import { groupBySecret, type SecretGroup } from './group.js';
import { historyPlan } from './history-advice.js';
import type { Reporter } from './reporter.js';
import { skippedLines } from './skipped.js';
import { suppressedLine, suppressionText } from './suppressed.js';

type Colors = ReturnType<typeof createColors>;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Loud for a key that works, plain for the others. */
const PROBE_MARKERS: Record<ProbeStatus, string> = {
  live: 'LIVE',
  live_no_quota: 'LIVE (no quota left)',
  invalid: 'revoked',
  deactivated: 'account deactivated',
  unknown: 'status unknown',
};

/** The marker, what the provider said (or why it could not tell), and what to do by status. */
function probeLine(f: Finding, c: Colors): string | undefined {
  if (!f.probe) return undefined;
  const marker = PROBE_MARKERS[f.probe.status];
  const evidence = [f.probe.httpStatus ? `HTTP ${f.probe.httpStatus}` : '', f.probe.code ?? '', f.probe.detail ?? ''].filter(Boolean).join(', ');
  const shown = !isLive(f.probe) ? c.bold(`[${marker}]`) : c.isColorSupported ? c.bold(c.inverse(c.red(` ${marker} `))) : `*** ${marker} ***`;
  return `${shown}${evidence ? ` (${evidence})` : ''}: ${probeAdvice(f.probe, f.rotateAt)}`;
}

/** file:line:column, the redacted key (or the .env problem) and the rule. */
function headOf(f: Finding, c: Colors): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const what = f.kind === 'secret' ? `${c.bold(f.redacted)}  ${c.dim(`[${f.rule}]`)}` : `${f.message}  ${c.dim(`[${f.rule}]`)}`;
  return `${c.cyan(where)}  ${what}`;
}

function printFinding(f: Finding, c: Colors, lines: string[], withProbe = true): void {
  const mark = f.severity === 'error' ? c.red('✖') : c.yellow('!');
  lines.push(`${mark} ${headOf(f, c)}`);
  if (f.commit) lines.push(`    ${c.dim(`in commit ${f.commit.sha.slice(0, 12)} by ${f.commit.author}, ${f.commit.date}${f.commit.subject ? `: ${f.commit.subject}` : ''}`)}`);
  if (f.commit?.refs) lines.push(`    ${c.dim(f.commit.refs.length > 0 ? `reached by ${f.commit.refs.join(', ')}` : 'reached by no branch or tag')}`);
  if (f.snippet) lines.push(`    ${c.dim(`${f.line} │`)} ${f.snippet}`);
  const probe = withProbe ? probeLine(f, c) : undefined;
  if (probe) lines.push(`    ${probe}`);
  if (f.kind === 'secret') lines.push(`    ${c.dim('→')} ${f.message}`);
}

/** History: one header per key, then every place it was committed, earliest first. */
function printGroup(g: SecretGroup, c: Colors, lines: string[]): void {
  const first = g.findings[0];
  if (!first || first.kind !== 'secret') {
    for (const f of g.findings) printFinding(f, c, lines);
    return;
  }
  const places = g.findings.length === 1 ? '1 place' : `${g.findings.length} places`;
  const since = first.commit ? `, first committed in ${first.commit.sha.slice(0, 12)} on ${first.commit.date.slice(0, 10)}` : '';
  if (lines.length > 0) lines.push('');
  lines.push(`${c.bold(first.redacted)}  ${c.dim(`[${first.rule}]`)}  in ${places}${since}`);
  // One key, one answer: the probe verdict is said once, under the key.
  const probe = probeLine(first, c);
  if (probe) lines.push(`  ${probe}`);
  const inner: string[] = [];
  for (const f of g.findings) printFinding(f, c, inner, false);
  for (const l of inner) lines.push(`  ${l}`);
}

function historyHints(secrets: readonly Finding[], c: Colors): string[] {
  const [head = '', ...steps] = historyPlan(secrets);
  return [c.bold(head), ...steps, c.dim('Keys already rotated or fake? scan-keys baseline --history records them, and later scans skip them.')];
}

function hints(findings: readonly Finding[], summary: Summary, c: Colors): string[] {
  const secrets = findings.filter((f) => f.kind === 'secret');
  if (secrets.length === 0) return [];
  const out = [''];
  const live = new Set(secrets.filter((f) => isLive(f.probe)).map((f) => f.fingerprint)).size;
  if (live > 0) out.push(c.bold(c.red(`${live} key${live === 1 ? ' is' : 's are'} LIVE: rotate ${live === 1 ? 'it' : 'them'} first, now.`)));
  if (summary.mode === 'history') {
    for (const hint of historyHints(secrets, c)) out.push(hint);
    return out;
  }
  if (summary.mode === 'staged') {
    const files = [...new Set(secrets.map((f) => f.file))].map((f) => JSON.stringify(f)).join(' ');
    out.push(c.bold('The commit was blocked. To fix it:'));
    const vars = [...new Set(secrets.map((f) => `process.env.${f.provider.toUpperCase()}_API_KEY`))].join(', ');
    out.push(`  1. Remove the key from the file and read it from the environment instead (${vars}).`);
    out.push(`  2. Stage the fixed file again (git add ${files}), or unstage it (git reset -- ${files}).`);
    out.push(`  3. A key that ever left your machine is compromised: rotate it at the provider's key page above.`);
  } else {
    out.push(c.bold('To fix it: remove each key from the file, load it from the environment, and rotate it at the page above.'));
  }
  out.push(c.dim('Not a secret? Add scan-keys:allow and the reason next to the key (or scan-keys:allow-next-line on the line before).'));
  return out;
}

/** --show-suppressed: the findings let through, after the others, each with what let it through. */
function letThroughLines(suppressed: readonly Finding[], c: Colors): string[] {
  if (suppressed.length === 0) return [];
  const lines = ['', c.bold(`Let through (${suppressed.length}), not counted as problems:`)];
  for (const f of suppressed) {
    if (f.commit) lines.push(`  ○ ${headOf(f, c)}  ${c.dim(`in commit ${f.commit.sha.slice(0, 12)}`)}`);
    else lines.push(`  ○ ${headOf(f, c)}`);
    lines.push(`      ${c.dim(suppressionText(f))}`);
  }
  return lines;
}

/** A partial audit must not read as a clean one. */
const incompleteLine = (missing: number): string =>
  `audit incomplete: ${missing} object${missing === 1 ? '' : 's'} missing from the repository (a partial clone, a damaged mirror, a corrupt object) could not be scanned; everything present was`;

function closing(summary: Summary, c: Colors, listed: boolean): string[] {
  const problems = summary.errors + summary.warnings;
  const seconds = (summary.durationMs / 1000).toFixed(2);
  const counts = `${problems} problem${problems === 1 ? '' : 's'} (${summary.errors} error${summary.errors === 1 ? '' : 's'}, ${summary.warnings} warning${summary.warnings === 1 ? '' : 's'})`;
  const unit = summary.mode === 'history' ? 'file version' : 'file';
  const { commits } = coveredOf(summary);
  const inCommits = commits === undefined ? '' : `${commits} commit${commits === 1 ? '' : 's'}, `;
  const scope = `${inCommits}${summary.files} ${unit}${summary.files === 1 ? '' : 's'}, ${formatBytes(summary.bytes)}, ${seconds} s`;
  const head = problems === 0 ? c.green(`✔ no problems`) : summary.errors > 0 ? c.red(c.bold(counts)) : c.yellow(counts);
  const lines = ['', `${head}  ${c.dim(`in ${scope}`)}`];
  const suppressed = suppressedLine(summary.suppressed, listed);
  if (suppressed) lines.push(c.dim(suppressed));
  for (const line of skippedLines(summary.skipped)) lines.push(c.dim(line));
  if (summary.incomplete) lines.push(c.yellow(incompleteLine(summary.incomplete.missing)));
  return lines;
}

export const textReporter: Reporter = (findings, summary, out, options) => {
  const c = createColors(options.color);
  const lines: string[] = [];
  const problems = active(findings);
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  if (summary.mode === 'history') for (const g of groupBySecret(problems)) printGroup(g, c, lines);
  else for (const f of problems) printFinding(f, c, lines);
  for (const line of letThroughLines(suppressed, c)) lines.push(line);
  if (!options.quiet) for (const line of [...hints(problems, summary, c), ...closing(summary, c, suppressed.length > 0)]) lines.push(line);
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
};
