import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { OutputError, UsageError } from '../errors.js';
import type { Finding, Summary } from '../finding.js';
import { shown } from '../redact.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { Reporter } from '../report/reporter.js';
import { skippedCount } from '../report/skipped.js';
import { runByGitHook } from './hook-env.js';
import { oneOf, type OptionValues } from './options.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'html', 'summary'] as const;
export type Format = (typeof FORMATS)[number];

/** Each reporter is loaded when chosen: the hook's text report does not pay for the HTML page's. */
const REPORTERS: Record<Format, () => Promise<Reporter>> = {
  text: async () => (await import('../report/text.js')).textReporter,
  json: async () => (await import('../report/json.js')).jsonReporter,
  sarif: async () => (await import('../report/sarif.js')).sarifReporter,
  github: async () => (await import('../report/github.js')).githubReporter,
  html: async () => (await import('../report/html.js')).htmlReporter,
  summary: async () => (await import('../report/summary.js')).summaryReporter,
};

export type FailOn = 'error' | 'warning' | 'never';

export function failOnOf(values: OptionValues): FailOn {
  return oneOf('fail-on', values['fail-on'], ['error', 'warning', 'never'] as const, 'error');
}

/** 1 when a finding is at or above --fail-on, else 0; a suppressed one (listed by --show-suppressed) never counts. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const blocking = findings.some((f) => !f.suppressed && (f.severity === 'error' || (failOn === 'warning' && f.severity === 'warning')));
  return blocking ? 1 : 0;
}

/** Colour follows --no-color, then NO_COLOR / FORCE_COLOR, then whether stdout is a terminal. */
export function useColor(values: OptionValues, toFile: boolean): boolean {
  if (values['no-color'] || toFile) return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(process.stdout.isTTY);
}

/** One report to write: a format, and a file or stdout. */
export interface OutputTarget {
  readonly format: Format;
  /** undefined: stdout (`-`, or no --output at all). */
  readonly file: string | undefined;
}

const isFormat = (word: string): word is Format => (FORMATS as readonly string[]).includes(word);

/** Every --output value as given: parseArgs gives an array for a repeatable option. */
export function outputValues(values: OptionValues): string[] {
  const given = values.output;
  if (given === undefined || typeof given === 'boolean') return [];
  return typeof given === 'string' ? [given] : given;
}

/** The one file --output names, for commands that write a single report of their own (doctor, fix-env). */
export function singleOutput(values: OptionValues): string | undefined {
  const given = outputValues(values);
  if (given.length > 1) throw new UsageError('this command writes one report: give --output once');
  return given[0];
}

/** The format a file's name asks for (report.html, scan.sarif, findings.json), when --format does not say. */
function formatOfName(file: string): Format | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.html') || name.endsWith('.htm')) return 'html';
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (name.endsWith('.json')) return 'json';
  return undefined;
}

function targetOf(value: string, fallback: Format, formatGiven: boolean): { target: OutputTarget; named: boolean } {
  const colon = value.indexOf(':');
  const word = colon > 0 ? value.slice(0, colon) : '';
  if (!isFormat(word)) {
    const file = value === '-' ? undefined : value;
    // -o report.html is an HTML report: a text report under that name would open as a page of plain text.
    const format = (!formatGiven && file !== undefined ? formatOfName(file) : undefined) ?? fallback;
    return { target: { format, file }, named: false };
  }
  const file = value.slice(colon + 1);
  if (file === '') throw new UsageError(`--output ${value}: no file after '${word}:' (${word}:- is stdout)`);
  return { target: { format: word, file: file === '-' ? undefined : file }, named: true };
}

/**
 * The reports a run writes. `--output FORMAT:FILE` names its own format (a
 * format word before the first colon; `./json:x` is a file of that name);
 * `--output FILE` takes --format, or without it the format its name ends in
 * (.html, .sarif, .json; else text); `-` is stdout. Without --output, the
 * --format report goes to stdout. Two reports to one place would overwrite
 * each other, and a --format that no report uses would be dropped silently:
 * both are usage errors.
 */
export function outputTargets(values: OptionValues): OutputTarget[] {
  const fallback = oneOf('format', values.format, FORMATS, 'text');
  const given = outputValues(values);
  if (given.length === 0) return [{ format: fallback, file: undefined }];
  const parsed = given.map((value) => targetOf(value, fallback, values.format !== undefined));
  if (values.format !== undefined && parsed.every((p) => p.named)) {
    const format = String(values.format);
    throw new UsageError(`--format ${format} is used by no report: every --output names its format (add --output ${format}:- for stdout)`);
  }
  const seen = new Set<string>();
  for (const { target } of parsed) {
    const place = target.file === undefined ? 'stdout' : path.resolve(target.file);
    if (seen.has(place)) throw new UsageError(`two reports would go to ${target.file ?? 'stdout'}; give each --output its own file`);
    seen.add(place);
  }
  return parsed.map((p) => p.target);
}

/** What the text report needs to word itself for where it is read: a terminal's width, a hook or a hand run. */
function textContext(values: OptionValues, file: string | undefined) {
  const columns = file === undefined && process.stdout.isTTY ? process.stdout.columns : undefined;
  return { explain: Boolean(values.explain), width: columns && columns > 0 ? columns : 80, fromHook: runByGitHook(process.env) };
}

/** Formats whose quiet report leaves the skipped files out: a quiet run still says how many there were, on stderr. */
const QUIET_WITHOUT_SKIPPED: ReadonlySet<Format> = new Set(['text', 'github']);

/**
 * Writes every report (stdout and each --output) from the same findings and
 * summary: one scan, several formats. A report that could not be written is
 * an OutputError, so one failed write makes the run exit 2.
 */
export async function report(findings: readonly Finding[], summary: Summary, values: OptionValues): Promise<void> {
  const targets = outputTargets(values);
  const quiet = Boolean(values.quiet);
  for (const target of targets) {
    const options = { color: useColor(values, target.file !== undefined), quiet, ...textContext(values, target.file) };
    const reporter = await REPORTERS[target.format]();
    const write = (out: Writable) => reporter(findings, summary, out, options);
    await (target.file === undefined ? toStdout(write) : toFile(target.file, write));
  }
  if (!quiet) sayWritten(targets, findings);
  const quietWithoutSkipped = targets.some((t) => QUIET_WITHOUT_SKIPPED.has(t.format));
  if (quiet && quietWithoutSkipped && summary.skipped.length > 0) {
    process.stderr.write(`scan-keys: skipped ${skippedCount(summary.skipped)}; run without -q to list them\n`);
  }
}

const counted = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * A report written to a file prints nothing where the user looks: one line
 * on stderr says where it went and what it holds (suppressed findings, which
 * never fail a run, are not counted).
 */
function sayWritten(targets: readonly OutputTarget[], findings: readonly Finding[]): void {
  const files = targets.flatMap((t) => (t.file === undefined ? [] : [t.file]));
  if (files.length === 0) return;
  const open = findings.filter((f) => !f.suppressed);
  const errors = open.filter((f) => f.severity === 'error').length;
  const warnings = open.filter((f) => f.severity === 'warning').length;
  process.stderr.write(`scan-keys: ${shown(`wrote ${files.join(', ')}`)}: ${counted(errors, 'error')}, ${counted(warnings, 'warning')}\n`);
}

/**
 * --dry-run on a scan: the report as usual, and exit 0 whatever it holds, so
 * a trial run (of the hook, or of a stricter --fail-on) never blocks; the
 * exit it would have had is said on stderr, so the trial still tells.
 */
export function dryRunExit(code: 0 | 1, values: OptionValues): 0 | 1 {
  if (!values['dry-run'] || code === 0) return code;
  if (!values.quiet) {
    const blocked = values.staged ? 'a pre-commit hook would block this commit' : `findings at or above --fail-on ${failOnOf(values)}`;
    process.stderr.write(`scan-keys: --dry-run: exit 0, though without it this run would exit 1 (${blocked})\n`);
  }
  return 0;
}

/**
 * Writes to stdout and waits until every byte has been taken, so that a
 * failure (a full disk behind `> file`) is known before the exit code is. A
 * reader that goes away early (`scan-keys | head`) ends the report quietly,
 * and the exit code still tells what was found.
 */
async function toStdout(write: (out: Writable) => void): Promise<void> {
  const out = process.stdout;
  let failure: NodeJS.ErrnoException | undefined;
  // Kept for the rest of the run: a later EPIPE must not become an uncaught 'error'.
  out.on('error', (err: NodeJS.ErrnoException) => (failure ??= err));
  write(out);
  // An empty write's callback runs once everything written before it is flushed (or has failed).
  await new Promise<void>((resolve) => out.write('', () => resolve()));
  if (failure && failure.code !== 'EPIPE') throw new OutputError(`could not write the report to stdout: ${causeOf(failure)}`);
}

/**
 * A regular file (or a new one) is written atomically, so that a reader (the
 * runner taking $GITHUB_STEP_SUMMARY, an upload step) never sees half a
 * report, and a failed write leaves the old file whole. A device or a FIFO
 * (/dev/stdout, a pipe) cannot be renamed over, so it is streamed to.
 */
async function toFile(file: string, write: (out: Writable) => void): Promise<void> {
  const fail = (err: unknown): never => {
    throw new OutputError(`could not write the report to ${file}: ${causeOf(err as NodeJS.ErrnoException)}`);
  };
  const existing = await fs.stat(file).catch(() => undefined);
  if (existing && !existing.isFile()) {
    const out = createWriteStream(file);
    const done = finished(out);
    write(out);
    out.end();
    await done.catch(fail);
    return;
  }
  await writeFileAtomic(file, collect(write)).catch(fail);
}

/** The whole report in memory: reporters write to a stream, an atomic write takes the bytes. */
function collect(write: (out: Writable) => void): Buffer {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      done();
    },
  });
  write(sink);
  return Buffer.concat(chunks);
}

/** "ENOSPC: no space left on device": the code and its words, without the call and path Node appends. */
function causeOf(err: NodeJS.ErrnoException): string {
  const comma = err.message.indexOf(', ');
  if (err.code && err.message.startsWith(`${err.code}: `) && comma > 0) return err.message.slice(0, comma);
  return err.code ?? err.message;
}
