import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { OutputError } from '../errors.js';
import type { Finding, Summary } from '../finding.js';
import type { Reporter } from '../report/reporter.js';
import { skippedCount } from '../report/skipped.js';
import { oneOf, type OptionValues } from './options.js';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];

/** Each reporter is loaded when chosen: the hook's text report does not pay for the HTML page's. */
const REPORTERS: Record<Format, () => Promise<Reporter>> = {
  text: async () => (await import('../report/text.js')).textReporter,
  json: async () => (await import('../report/json.js')).jsonReporter,
  sarif: async () => (await import('../report/sarif.js')).sarifReporter,
  github: async () => (await import('../report/github.js')).githubReporter,
  html: async () => (await import('../report/html.js')).htmlReporter,
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

/** Formats whose quiet report leaves the skipped files out: a quiet run still says how many there were, on stderr. */
const QUIET_WITHOUT_SKIPPED: ReadonlySet<Format> = new Set(['text', 'github']);

/** Prints the report in the chosen format to stdout or --output; a report that could not be written is an OutputError. */
export async function report(findings: readonly Finding[], summary: Summary, values: OptionValues): Promise<void> {
  const format = oneOf('format', values.format, FORMATS, 'text');
  const file = typeof values.output === 'string' ? values.output : undefined;
  const options = { color: useColor(values, file !== undefined), quiet: Boolean(values.quiet) };
  const reporter = await REPORTERS[format]();
  const write = (out: Writable) => reporter(findings, summary, out, options);
  await (file ? toFile(file, write) : toStdout(write));
  if (options.quiet && QUIET_WITHOUT_SKIPPED.has(format) && summary.skipped.length > 0) {
    process.stderr.write(`scan-keys: skipped ${skippedCount(summary.skipped)}; run without -q to list them\n`);
  }
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

async function toFile(file: string, write: (out: Writable) => void): Promise<void> {
  const out = createWriteStream(file);
  const done = finished(out);
  write(out);
  out.end();
  try {
    await done;
  } catch (err) {
    throw new OutputError(`could not write the report to ${file}: ${causeOf(err as NodeJS.ErrnoException)}`);
  }
}

/** "ENOSPC: no space left on device": the code and its words, without the call and path Node appends. */
function causeOf(err: NodeJS.ErrnoException): string {
  const comma = err.message.indexOf(', ');
  if (err.code && err.message.startsWith(`${err.code}: `) && comma > 0) return err.message.slice(0, comma);
  return err.code ?? err.message;
}
