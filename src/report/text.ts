import { createColors } from 'picocolors';
import { active, coveredOf, type Finding, type ProbeStatus, type Summary } from '../finding.js';
import {
  DEAD_KEY,
  envAccessFor,
  gitignoreLineFor,
  isDead,
  isLive,
  keepsKeyOutOfGit,
  PROBE_LABELS,
  probeAdvice,
  secretMessage,
} from './advice.js';
import { groupBySecret, type SecretGroup } from './group.js';
import { historyPlan } from './history-advice.js';
import { infoLine, isInfo } from './info.js';
import type { Reporter, ReportOptions } from './reporter.js';
import { skippedLines } from './skipped.js';
import { suppressedLine, suppressionText } from './suppressed.js';

type Colors = ReturnType<typeof createColors>;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const unique = <T>(items: readonly T[]): T[] => [...new Set(items)];
const quoted = (files: readonly string[]) => files.map((f) => JSON.stringify(f)).join(' ');

/** Errors, then warnings, then any severity added later (info): the problems that block come first. */
const SEVERITY_RANK: Readonly<Record<string, number>> = { error: 0, warning: 1 };
const rankOf = (f: Finding) => SEVERITY_RANK[f.severity] ?? 2;
const bySeverity = (findings: readonly Finding[]): Finding[] => [...findings].sort((a, b) => rankOf(a) - rankOf(b));

/** The status word of the one probe vocabulary; loud (upper case) for a key that works. */
function probeMarker(status: ProbeStatus): string {
  const label = PROBE_LABELS[status];
  return status === 'live' || status === 'live_no_quota' ? label.toUpperCase() : label;
}

function markOf(f: Finding, c: Colors): string {
  if (f.severity === 'error') return c.red('✖');
  return f.severity === 'warning' ? c.yellow('!') : c.dim('i');
}

/** The marker, what the provider said (or why it could not tell), and what to do by status. */
function probeLine(f: Finding, c: Colors): string | undefined {
  if (!f.probe) return undefined;
  const marker = probeMarker(f.probe.status);
  const evidence = [f.probe.httpStatus ? `HTTP ${f.probe.httpStatus}` : '', f.probe.code ?? '', f.probe.detail ?? ''].filter(Boolean).join(', ');
  const shown = !isLive(f.probe) ? c.bold(`[${marker}]`) : c.isColorSupported ? c.bold(c.inverse(c.red(` ${marker} `))) : `*** ${marker} ***`;
  return `${shown}${evidence ? ` (${evidence})` : ''}: ${probeAdvice(f.probe, f.rotateAt)}`;
}

/* ---------- one line per problem (the default) ---------- */

/** A message's first clause: the .env messages and finalize's open with what is wrong, then a colon and the why. */
function firstClause(message: string): string {
  const colon = message.indexOf(': ');
  return (colon > 0 ? message.slice(0, colon) : message).replace(/\.$/, '');
}

/** The short message, most telling words first, since the end is what a narrow terminal cuts. */
function shortMessage(f: Finding): string {
  if (f.kind !== 'secret') return firstClause(f.message);
  // The verdict first: whether the key works decides what to do before which key it is.
  const probe = f.probe ? `[${probeMarker(f.probe.status)}] ` : '';
  const commit = f.commit ? ` in ${f.commit.sha.slice(0, 12)}` : '';
  // The title alone: "in plain text" or "in git history" is what the place and the commit already say.
  return `${probe}${f.redacted}${commit} ${f.title}`;
}

/** Cut to `room` characters with an ellipsis; always at least the ellipsis, so a cut is visible. */
function fit(text: string, room: number): string {
  const chars = [...text];
  if (chars.length <= room) return text;
  return `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
}

/** Columns stay aligned, but one very long path must not squeeze every message to nothing. */
const MAX_PAD = 40;

/** One block of lines of one severity, its columns aligned. */
function blockLines(findings: readonly Finding[], c: Colors, width: number): string[] {
  const where = (f: Finding) => `${f.file}:${f.line}:${f.column}`;
  // A location or rule longer than MAX_PAD sticks out of its column instead of widening it for every line.
  // reduce, not Math.max(...): a .env with 50,000 problems would be 50,000 arguments.
  const pad = (values: number[]) => values.reduce((most, v) => (v <= MAX_PAD && v > most ? v : most), 0);
  const whereWidth = pad(findings.map((f) => [...where(f)].length));
  const ruleWidth = pad(findings.map((f) => f.rule.length));
  return findings.map((f) => {
    const location = where(f).padEnd(whereWidth);
    const rule = f.rule.padEnd(ruleWidth);
    // "✖ " + location + "  " + rule + "  ": the location and the rule are never cut, only the message.
    const used = 2 + [...location].length + 2 + rule.length + 2;
    return `${markOf(f, c)} ${c.cyan(location)}  ${c.dim(rule)}  ${fit(shortMessage(f), width - used)}`;
  });
}

/**
 * Columns are aligned per severity, not across the report: the long .env rule
 * ids of the warnings would otherwise take the room of every error's message.
 */
function shortLines(findings: readonly Finding[], c: Colors, width: number): string[] {
  const blocks = new Map<number, Finding[]>();
  for (const f of findings) {
    const block = blocks.get(rankOf(f));
    if (block) block.push(f);
    else blocks.set(rankOf(f), [f]);
  }
  return [...blocks.values()].flatMap((block) => blockLines(block, c, width));
}

function explainHint(findings: readonly Finding[], c: Colors): string[] {
  const first = findings[0];
  if (!first) return [];
  return ['', c.dim(`scan-keys explain RULE for details (scan-keys explain ${first.rule}), or --explain to print them all.`)];
}

/* ---------- the full explanations (--explain) ---------- */

/** file:line:column, the redacted key (or the .env problem) and the rule. */
function headOf(f: Finding, c: Colors): string {
  const where = `${f.file}:${f.line}:${f.column}`;
  const what = f.kind === 'secret' ? `${c.bold(f.redacted)}  ${c.dim(`[${f.rule}]`)}` : `${f.message}  ${c.dim(`[${f.rule}]`)}`;
  return `${c.cyan(where)}  ${what}`;
}

function printFinding(f: Finding, c: Colors, lines: string[], withProbe = true): void {
  lines.push(`${markOf(f, c)} ${headOf(f, c)}`);
  if (f.commit) lines.push(`    ${c.dim(`in commit ${f.commit.sha.slice(0, 12)} by ${f.commit.author}, ${f.commit.date}${f.commit.subject ? `: ${f.commit.subject}` : ''}`)}`);
  if (f.commit?.refs) lines.push(`    ${c.dim(f.commit.refs.length > 0 ? `reached by ${f.commit.refs.join(', ')}` : 'reached by no branch or tag')}`);
  if (f.snippet) lines.push(`    ${c.dim(`${f.line} │`)} ${f.snippet}`);
  const probe = withProbe ? probeLine(f, c) : undefined;
  if (probe) lines.push(`    ${probe}`);
  if (f.kind === 'secret') lines.push(`    ${c.dim('→')} ${secretMessage(f)}`);
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

function explainedLines(problems: readonly Finding[], summary: Summary, c: Colors): string[] {
  const lines: string[] = [];
  if (summary.mode !== 'history') {
    for (const f of problems) printFinding(f, c, lines);
    return lines;
  }
  const groups = groupBySecret(problems);
  const worst = (g: SecretGroup) => Math.min(...g.findings.map(rankOf));
  for (const g of [...groups].sort((a, b) => worst(a) - worst(b))) printGroup(g, c, lines);
  return lines;
}

/* ---------- what to do (after the findings) ---------- */

const keyCount = (secrets: readonly Finding[]) => new Set(secrets.map((f) => f.fingerprint)).size;

function historyHints(secrets: readonly Finding[], c: Colors): string[] {
  const [head = '', ...steps] = historyPlan(secrets);
  return [c.bold(head), ...steps, c.dim('Keys already rotated or fake? scan-keys baseline --history records them, and later scans skip them.')];
}

/** The last step, by what the probe said: rotate at the pages named here (the short lines do not show them). */
function rotateStep(secrets: readonly Finding[]): string {
  const alive = secrets.filter((f) => !isDead(f.probe));
  if (alive.length === 0) {
    const one = secrets.length === 1;
    if (secrets.every((f) => f.probe?.status === 'invalid')) return `The key${one ? ' is' : 's are'} ${DEAD_KEY}${one ? '' : ' (each of them)'}; nothing is left to rotate.`;
    return `No key to rotate: the provider rejects ${one ? 'it' : 'them'} or the account is deactivated; find the app that used ${one ? 'it' : 'each'}.`;
  }
  const pages = unique(alive.map((f) => f.rotateAt ?? "the provider's key page"));
  return `A key that ever left your machine is compromised: rotate it at ${pages.join(', ')}.`;
}

/**
 * The steps for what was found: code gets the environment read in its own
 * language; a private .env keeps its key and leaves git (a `git add` of it
 * would stage the key again).
 */
function fixSteps(secrets: readonly Finding[], committedEnv: readonly string[], staged: boolean): string[] {
  const inCode = secrets.filter((f) => !keepsKeyOutOfGit(f.file));
  const envFiles = unique([...secrets.filter((f) => keepsKeyOutOfGit(f.file)).map((f) => f.file), ...committedEnv]);
  const steps: string[] = [];
  if (inCode.length > 0) {
    const files = unique(inCode.map((f) => f.file));
    const reads = unique(inCode.map((f) => envAccessFor(f.file, f.provider))).join(', ');
    steps.push(`Remove the key from the file and read it from the environment instead (${reads}).`);
    if (staged) steps.push(`Stage the fixed file again (git add ${quoted(files)}), or unstage it (git reset -- ${quoted(files)}).`);
  }
  if (envFiles.length > 0) {
    const ignore = unique(envFiles.map(gitignoreLineFor)).map((l) => `"${l}"`).join(' and ');
    // Staged means in the index, so git rm --cached is the step; a folder scan cannot tell whether git tracks the file.
    const untrack = staged ? `git rm --cached ${quoted(envFiles)}, add ${ignore} to .gitignore` : `add ${ignore} to .gitignore (and git rm --cached ${quoted(envFiles)} if git tracks it)`;
    steps.push(`Keep the key in ${quoted(envFiles)} but out of git: ${untrack}, and commit a .env.example without values.`);
  }
  if (secrets.length > 0) steps.push(rotateStep(secrets));
  return steps.map((s, i) => `  ${i + 1}. ${s}`);
}

function headline(summary: Summary, blocking: boolean, fromHook: boolean): string {
  if (summary.mode !== 'staged' || !blocking) return 'To fix it:';
  // Only a hook's run blocks anything: by hand, --staged tells what a commit would meet.
  return fromHook ? 'The commit was blocked. To fix it:' : 'A commit of what is staged would be blocked. To fix it:';
}

function hints(findings: readonly Finding[], summary: Summary, c: Colors, options: ReportOptions): string[] {
  // A severity below warning (info: a key kept in a git-ignored .env) is where it belongs: nothing to fix.
  const secrets = findings.filter((f) => f.kind === 'secret' && rankOf(f) < 2);
  const committedEnv = summary.mode === 'history' ? [] : unique(findings.filter((f) => f.rule === 'dotenv-committed').map((f) => f.file));
  if (secrets.length === 0 && committedEnv.length === 0) return [];
  const out = [''];
  const live = keyCount(secrets.filter((f) => isLive(f.probe)));
  if (live > 0) out.push(c.bold(c.red(`${live} key${live === 1 ? ' is' : 's are'} LIVE: rotate ${live === 1 ? 'it' : 'them'} first, now.`)));
  if (summary.mode === 'history') {
    for (const hint of historyHints(secrets, c)) out.push(hint);
    return out;
  }
  out.push(c.bold(headline(summary, findings.some((f) => f.severity === 'error'), Boolean(options.fromHook))));
  for (const step of fixSteps(secrets, committedEnv, summary.mode === 'staged')) out.push(step);
  if (secrets.length > 0) out.push(c.dim('Not a secret? Add scan-keys:allow and the reason next to the key (or scan-keys:allow-next-line on the line before).'));
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

const UNTRACED_LINE =
  'findings not traced to commits: git log cannot walk the history past a missing tree, so each is shown at the path it was read at, without the commit that added it';

function closing(summary: Summary, c: Colors, listed: boolean): string[] {
  const problems = summary.errors + summary.warnings;
  const seconds = (summary.durationMs / 1000).toFixed(2);
  const counts = `${plural(problems, 'problem')} (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')})`;
  const unit = summary.mode === 'history' ? 'file version' : 'file';
  const { commits } = coveredOf(summary);
  const inCommits = commits === undefined ? '' : `${plural(commits, 'commit')}, `;
  const scope = `${inCommits}${plural(summary.files, unit)}, ${formatBytes(summary.bytes)}, ${seconds} s`;
  const head = problems === 0 ? c.green(`✔ no problems`) : summary.errors > 0 ? c.red(c.bold(counts)) : c.yellow(counts);
  const lines = ['', `${head}  ${c.dim(`in ${scope}`)}`];
  const suppressed = suppressedLine(summary.suppressed, listed);
  if (suppressed) lines.push(c.dim(suppressed));
  for (const line of skippedLines(summary.skipped)) lines.push(c.dim(line));
  if (summary.incomplete) lines.push(c.yellow(incompleteLine(summary.incomplete.missing)));
  if (summary.incomplete?.untraced) lines.push(c.yellow(UNTRACED_LINE));
  return lines;
}

/**
 * One line per problem, errors first, within the terminal's width; with
 * --explain, every finding's full explanation (snippet, probe, advice).
 */
export const textReporter: Reporter = (findings, summary, out, options) => {
  const c = createColors(options.color);
  const problems = bySeverity(active(findings).filter((f) => !isInfo(f)));
  const info = infoLine(active(findings));
  const suppressed = findings.filter((f) => f.suppressed !== undefined);
  const lines = options.explain ? explainedLines(problems, summary, c) : shortLines(problems, c, options.width ?? 80);
  for (const line of letThroughLines(suppressed, c)) lines.push(line);
  if (!options.quiet) {
    const tail = [...(options.explain ? [] : explainHint(problems, c)), ...hints(problems, summary, c, options), ...closing(summary, c, suppressed.length > 0)];
    for (const line of tail) lines.push(line);
    if (info) lines.push(c.dim(info));
  }
  if (lines.length > 0) out.write(`${lines.join('\n')}\n`);
};
