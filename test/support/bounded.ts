import { spawnSync } from 'node:child_process';
import { CLI, type CliRun } from './cli.js';
import { testEnv } from './repo.js';

/**
 * Runs the built CLI like cli(), but kills it after `timeoutMs`: for tests of
 * inputs that used to hang it (a FIFO), so that a regression fails the test
 * instead of leaving a process blocked forever. exitCode is -1 when killed.
 */
export function cliWithin(timeoutMs: number, cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: testEnv({ NO_COLOR: '1', FORCE_COLOR: undefined, DEBUG: undefined, ...env }),
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
  });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { exitCode: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}
