import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { builtinRules } from '../../src/rules/index.js';
import { cli, type CliRun } from './cli.js';

/**
 * Every fake key a test file planted, so that every CLI run can prove it
 * printed none of them. Keys are built at run time (src/rules/fake.ts).
 */
const planted = new Set<string>();

type Fake = typeof fake;

/** The fake key generators, each remembering what it built. */
export const plant = Object.fromEntries(
  Object.entries(fake).map(([name, make]) => [
    name,
    (seed?: number) => {
      const key = make(seed);
      planted.add(key);
      return key;
    },
  ]),
) as { [K in keyof Fake]: Fake[K] };

/** The literal prefixes a report may show, longest first (sk-ant-admin01- before sk-). */
const PREFIXES = builtinRules.flatMap((r) => r.prefixes).sort((a, b) => b.length - a.length);
/** A piece this long of a key's random part is a leak: a redacted form shows only the last 4. */
const PIECE = 12;

/** Pieces of a key that no output may hold: the whole key, and every run of PIECE characters after its prefix. */
function piecesOf(key: string): string[] {
  const body = key.slice(PREFIXES.find((p) => key.startsWith(p))?.length ?? 0);
  const pieces = [key];
  for (let i = 0; i + PIECE <= body.length; i++) pieces.push(body.slice(i, i + PIECE));
  return pieces;
}

/** Fails when any text holds a planted key, whole or as a long piece of its random part. */
export function expectNoLeak(...texts: string[]): void {
  for (const key of planted) {
    for (const piece of piecesOf(key)) {
      for (const text of texts) {
        // The message names neither the key nor the piece: a failing assertion must not print the secret either.
        expect(text.includes(piece), `output holds ${piece === key ? 'a whole key' : 'a piece of a key'} (${key.length}-char key)`).toBe(false);
      }
    }
  }
}

/**
 * Runs the built CLI and asserts that neither stdout nor stderr (nor the
 * --output file, when given) holds any planted key.
 */
export async function run(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const result = await cli(cwd, args, env);
  const outputAt = args.findIndex((a) => a === '--output' || a === '-o');
  const output = outputAt >= 0 ? args[outputAt + 1] : undefined;
  const outputFile = output === undefined ? undefined : path.resolve(cwd, output);
  const written = outputFile && existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : '';
  expectNoLeak(result.stdout, result.stderr, written);
  return result;
}


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
