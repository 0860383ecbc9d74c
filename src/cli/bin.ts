#!/usr/bin/env node
import { accessSync, constants, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { InstallError } from '../errors.js';

/**
 * The command's entry point (dist/cli/main.cjs, CommonJS: an ES module entry
 * costs Node 3-4 ms more to start, the ESM loader's own modules): it loads the CLI bundle
 * (dist/cli/scan-keys.cjs) and nothing else. A bundle missing or damaged (a
 * pruned or half-done install) fails before any of the CLI's code runs, where
 * Node prints a stack trace and exits 1; from here it is one line and exit 2,
 * like every other error, so a pre-commit hook fails closed.
 * This file must import nothing that could itself be missing: only ../errors.js.
 *
 * The bundle is compiled with V8's code cache (dist/cli/scan-keys.cache): V8
 * parsing the 600 kB bundle was 10-13 ms of every command, the pre-commit
 * hook's above all, and running its top level a few more. Node 20 has no
 * compile cache of its own for that (module.enableCompileCache is Node 22),
 * and vm.Script's cachedData takes only a classic script, so the bundle is
 * CommonJS run through the same wrapper Node's own loader uses. The cache is
 * written at build time; a Node whose V8 rejects it (another version) compiles
 * as before and writes a new one for the next run, when the folder lets it.
 * SCAN_KEYS_CODE_CACHE=0 turns it off. It holds compiled code, never input.
 */

const BUNDLE = fileURLToPath(new URL('./scan-keys.cjs', import.meta.url));
const CACHE = fileURLToPath(new URL('./scan-keys.cache', import.meta.url));

interface Cli {
  main(argv: readonly string[]): Promise<number>;
}

function readBundle(): string {
  try {
    return readFileSync(BUNDLE, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw err;
    // Named as Node names a module it cannot find, so the message says which file is gone.
    throw Object.assign(new Error(`Cannot find module '${BUNDLE}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
}

function readCache(): Buffer | undefined {
  try {
    return readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * V8 optimizes a function once it has run for its interrupt budget (66 kB of
 * bytecode) a few times. A folder scan or a history audit lasts well under a
 * second on most trees, and on two cores the optimizing compiler's threads
 * took more CPU than the optimized code saved: with a budget 15 times larger,
 * the bench corpus 0.57 -> 0.47 s and 0.98 -> 0.79 s of CPU (15 interleaved
 * runs), a history audit 0.85 -> 0.77 s. Functions that stay hot on a long
 * scan are still optimized, a little later. Not for --staged: the hook's short
 * run was 6-12 ms slower with it.
 */
const SCAN_INTERRUPT_BUDGET = '--interrupt-budget=1000000';
/**
 * V8 accepts a code cache only under the flags it was made with, and a flag
 * set back to its default no longer counts. So the budget changes after the
 * cache is read, and before one is made, every flag a run may change is set
 * back to V8's default (since V8 10): the budget, and the young generation's
 * growth, which a folder scan of 20,000 files holds (sources/young-generation.ts).
 */
const V8_DEFAULTS = ['--interrupt-budget=67584', '--semi-space-growth-factor=2'];

const v8 = () => process.getBuiltinModule('node:v8');

/** Written whole or not at all: several hooks may start at once (lint-staged), and half a cache is rejected anyway. */
function saveCache(script: Script): void {
  const temp = `${CACHE}.${process.pid}.tmp`;
  try {
    for (const flag of V8_DEFAULTS) v8().setFlagsFromString(flag);
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, CACHE);
  } catch {
    // A read-only install: the next run compiles the bundle again, as if there were no cache.
    rmSync(temp, { force: true });
  }
}

function loadCli(): Cli {
  const source = readBundle();
  const useCache = process.env.SCAN_KEYS_CODE_CACHE !== '0';
  const cachedData = useCache ? readCache() : undefined;
  // Node's own CommonJS wrapper, on the bundle's first line so that stack traces keep its line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!process.argv.includes('--staged')) v8().setFlagsFromString(SCAN_INTERRUPT_BUDGET);
  // Taken at exit, the cache holds the functions this run compiled too, not only the top level. Making it costs
  // milliseconds: not in a folder that cannot take it (a read-only install would pay them on every run).
  if (useCache && (cachedData === undefined || script.cachedDataRejected === true) && writable(path.dirname(CACHE))) {
    process.once('exit', () => saveCache(script));
  }
  const module = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE));
  return module.exports as Cli;
}

let cli: Cli | undefined;
try {
  cli = loadCli();
} catch (err) {
  process.stderr.write(`scan-keys: ${InstallError.from(err).message}\n`);
  if ((process.env.DEBUG ?? '').split(',').includes('scan-keys') && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
// main() never rejects: it maps every error to an exit code itself.
void cli?.main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
