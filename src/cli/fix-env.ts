import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { displayLine } from '../dotenv/display.js';
import { fixDotenv, type FixResult } from '../dotenv/fix.js';
import { isDotenvPath, lintDotenv, problemsToMatches, type DotenvProblem } from '../dotenv/lint.js';
import { decodeDotenv, dotenvLines } from '../dotenv/parse.js';
import { ScanKeysError, UsageError } from '../errors.js';
import { finalize, shownSkipped } from '../finalize.js';
import { shown, shownLines } from '../redact.js';
import { NONE_SUPPRESSED, type Finding, type ShownSkipped, type Summary } from '../finding.js';
import { ChangedSinceRead, isTempName, replaceFile } from '../fs/replace.js';
import { NotRegularFile, readRegularBytes } from '../fs/regular.js';
import type { Command } from './command.js';
import { exitCodeFor, failOnOf, outputTargets, report } from './output.js';

/**
 * The .env files directly in a folder (not below it), by name; a `.env` folder
 * (a Python venv) is not one, nor a copy that a killed fix-env left behind
 * (fixing it would keep it; it is named, to be deleted).
 */
async function dotenvFilesIn(dir: string): Promise<string[]> {
  const all = (await fs.readdir(dir)).filter(isDotenvPath).sort();
  const leftovers = all.filter(isTempName);
  if (leftovers.length > 0) {
    process.stderr.write(`scan-keys: ${leftovers.map((l) => shown(l)).join(', ')}: left by an interrupted fix-env, a copy of a .env file (with its keys): delete it\n`);
  }
  const names = all.filter((n) => !isTempName(n));
  const isFile = await Promise.all(names.map((n) => fs.stat(path.join(dir, n)).then((st) => st.isFile(), () => false)));
  return names.filter((_, i) => isFile[i]);
}

export interface EnvFile {
  readonly display: string;
  readonly absolute: string;
  readonly bytes: Buffer;
}

/** Reads a file named on the command line (relative to cwd); a missing one is a usage error. */
export async function readEnvFile(arg: string, cwd: string): Promise<EnvFile> {
  const absolute = path.resolve(cwd, arg);
  const display = path.relative(cwd, absolute).split(path.sep).join('/') || arg;
  try {
    // Checked on the open handle too: a file swapped for a FIFO after a stat would hang a plain read.
    return { display, absolute, bytes: await readRegularBytes(absolute) };
  } catch (err) {
    if (err instanceof NotRegularFile) throw new UsageError(`${arg} is not a file (${err.what})`);
    throw new UsageError(`${arg}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : ((err as NodeJS.ErrnoException).code ?? String(err))}`);
  }
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** How many physical line items the text has (runs of blank or comment lines not joined). */
function lineCount(text: string): number {
  let n = 0;
  for (const lines = dotenvLines(text); !lines.next().done; ) n++;
  return n;
}

/**
 * What changed, line by line, values redacted; file-wide changes (BOM, line
 * endings) in one line each. Lines are read one at a time, never all held.
 */
function diffLines(before: string, after: string, fixed: readonly DotenvProblem[]): string[] {
  const out: string[] = [];
  if (before.startsWith('\uFEFF') && !after.startsWith('\uFEFF')) out.push('  byte order mark removed');
  const [countBefore, countAfter] = [lineCount(before), lineCount(after)];
  if (countBefore !== countAfter) {
    out.push(`  ${count(Math.abs(countBefore - countAfter), 'line')} joined`);
  } else {
    let endings = 0;
    const kinds = new Set<string>();
    const olds = dotenvLines(before);
    const nows = dotenvLines(after);
    for (let old = olds.next(), now = nows.next(); !old.done && !now.done; old = olds.next(), now = nows.next()) {
      const [a, b] = [old.value, now.value];
      if (a.newline !== b.newline) {
        endings++;
        kinds.add(a.newline === '\r' ? 'CR' : 'CRLF');
      }
      if (a.raw === b.raw) continue;
      const label = `line ${a.line}`;
      out.push(`  ${label}  - ${displayLine(a)}`, `  ${' '.repeat(label.length)}  + ${displayLine(b)}`);
    }
    if (endings > 0) out.push(`  ${count(endings, 'line ending')} ${[...kinds].join(' and ')} → LF`);
  }
  const ids = [...new Set(fixed.map((p) => p.rule.id))].join(', ');
  if (ids) out.push(`  (${ids})`);
  return out;
}

export interface Outcome {
  readonly findings: Finding[];
  readonly bytes: number;
  readonly skipped?: ShownSkipped;
  readonly changedMeanwhile?: boolean;
}

function findingsOf(display: string, text: string, problems: readonly DotenvProblem[]): Finding[] {
  const unit = { path: display, bytes: Buffer.from(text, 'utf8') };
  const matches = problemsToMatches(unit, text, problems);
  return matches.map((m) => finalize(m, matches));
}

/** Fixes one file read before (or, with dryRun, only says how), and returns what is left to report. */
export async function fixEnvFile(file: EnvFile, dryRun: boolean, out: Writable, quiet: boolean): Promise<Outcome> {
  // A file name, a .env name (maybe a key pasted alone on a line) and its values all come from outside.
  const say = (text: string): void => void out.write(shownLines(text));
  const text = decodeDotenv(file.bytes);
  if (text === undefined) {
    say(`${file.display}: not valid UTF-8; left as it is\n`);
    return { findings: [], bytes: file.bytes.length, skipped: shownSkipped({ path: file.display, skipped: 'unreadable', detail: 'not UTF-8' }) };
  }
  const result: FixResult = fixDotenv(text, { path: file.display });
  if (result.text === text) {
    if (!quiet) say(`${file.display}: nothing to fix\n`);
    return { findings: findingsOf(file.display, text, result.remaining), bytes: file.bytes.length };
  }
  const verb = dryRun ? 'would fix' : 'fixed';
  say(`${file.display}: ${verb} ${count(result.fixed.length, 'problem')}\n${diffLines(text, result.text, result.fixed).join('\n')}\n`);
  if (dryRun) return { findings: findingsOf(file.display, text, lintDotenv(text, { path: file.display })), bytes: file.bytes.length };
  try {
    await replaceFile(file.absolute, Buffer.from(result.text, 'utf8'), file.bytes, file.display);
  } catch (err) {
    if (!(err instanceof ChangedSinceRead)) throw err;
    say(`${file.display}: changed while fix-env ran; left untouched\n`);
    return { findings: findingsOf(file.display, text, lintDotenv(text, { path: file.display })), bytes: file.bytes.length, changedMeanwhile: true };
  }
  return { findings: findingsOf(file.display, result.text, result.remaining), bytes: file.bytes.length };
}

export const fixEnvCommand: Command = {
  name: 'fix-env',
  summary: 'repair the safe .env formatting problems',
  usage: 'scan-keys fix-env [files...]    repair the safe .env formatting problems (default: the .env files here); --dry-run',
  options: {
    'dry-run': { type: 'boolean' },
    // The findings left are a text report like a scan's: its one-line hint offers --explain.
    explain: { type: 'boolean' },
  },
  async run({ values, positionals }) {
    const failOn = failOnOf(values);
    const started = performance.now();
    const cwd = process.cwd();
    const quiet = Boolean(values.quiet);
    // The diff goes beside a machine-readable report, never into it.
    const out = outputTargets(values).every((t) => t.format === 'text' && t.file === undefined) ? process.stdout : process.stderr;
    const names = positionals.length > 0 ? positionals : await dotenvFilesIn(cwd);
    if (names.length === 0) process.stderr.write(`scan-keys: no .env files in ${shown(cwd)}; name the files to fix\n`);
    const files = [];
    for (const name of names) files.push(await readEnvFile(name, cwd));

    const findings: Finding[] = [];
    const skipped: ShownSkipped[] = [];
    const untouched: string[] = [];
    let bytes = 0;
    for (const file of files) {
      const outcome = await fixEnvFile(file, Boolean(values['dry-run']), out, quiet);
      for (const f of outcome.findings) findings.push(f);
      bytes += outcome.bytes;
      if (outcome.skipped) skipped.push(outcome.skipped);
      if (outcome.changedMeanwhile) untouched.push(file.display);
    }
    const summary: Summary = {
      mode: 'files',
      files: files.length,
      bytes,
      errors: findings.filter((f) => f.severity === 'error').length,
      warnings: findings.filter((f) => f.severity === 'warning').length,
      durationMs: Math.round(performance.now() - started),
      skipped,
      // fix-env reads no allow comment, baseline or allow-list.
      suppressed: NONE_SUPPRESSED,
    };
    await report(findings, summary, values);
    if (untouched.length > 0) {
      throw new ScanKeysError(`${untouched.map((u) => shown(u)).join(', ')} changed while fix-env ran and ${untouched.length === 1 ? 'was' : 'were'} left untouched; run it again`);
    }
    return exitCodeFor(findings, failOn);
  },
};
