#!/usr/bin/env node
import { InstallError } from '../errors.js';

/**
 * The command's entry point (dist/cli/main.js): it loads the CLI bundle and
 * nothing else. A bundle missing or damaged (a pruned or half-done install)
 * fails before any of the CLI's code runs, where Node prints a stack trace
 * and exits 1; from here it is one line and exit 2, like every other error,
 * so a pre-commit hook fails closed.
 * This file must import nothing that could itself be missing: only ../errors.js.
 */

// A variable, not a literal: the bundler leaves the import to run time instead of inlining the CLI here.
const CLI = './scan-keys.js';

try {
  await import(CLI);
} catch (err) {
  process.stderr.write(`scan-keys: ${InstallError.from(err).message}\n`);
  if ((process.env.DEBUG ?? '').split(',').includes('scan-keys') && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
