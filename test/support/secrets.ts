import { expect } from 'vitest';
import type { CliRun } from './cli.js';

/** Fails if any of the keys appears in what the CLI printed: reports show redacted forms and fingerprints only. */
export function expectNoSecret(run: CliRun, keys: readonly string[]): void {
  for (const [i, key] of keys.entries()) {
    expect(run.stdout.includes(key), `key ${i} printed on stdout`).toBe(false);
    expect(run.stderr.includes(key), `key ${i} printed on stderr`).toBe(false);
  }
}

/** One line on stderr, no stack trace. */
export function expectOneLineError(run: CliRun): string {
  expect(run.exitCode).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
}
