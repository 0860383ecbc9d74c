import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testEnv } from './repo.js';

/** The built CLI: tests run what users run (npm test builds first). */
export const CLI = fileURLToPath(new URL('../../dist/cli/main.cjs', import.meta.url));

export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON (for --format json runs). */
  readonly json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

/** Runs the built CLI as a subprocess in `cwd`, with colour off unless env says otherwise. */
export function cli(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return runVia([process.execPath], cwd, args, env, input);
}

/**
 * The built CLI run by a user whom file permissions stop. Tests run as root,
 * whom chmod 000 does not stop: root then runs it with CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH dropped (setpriv, from util-linux), so that an unreadable
 * file really is unreadable to it.
 */
export function cliUnprivileged(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const asRoot = process.getuid?.() === 0;
  const prefix = asRoot ? ['setpriv', '--inh-caps=-all', '--bounding-set=-dac_override,-dac_read_search', process.execPath] : [process.execPath];
  return runVia(prefix, cwd, args, env);
}

function runVia(prefix: readonly string[], cwd: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const [command = '', ...before] = prefix;
    const child = spawn(command, [...before, CLI, ...args], {
      cwd,
      env: testEnv({ NO_COLOR: '1', FORCE_COLOR: undefined, DEBUG: undefined, ...env }),
    });
    // Chunks are joined before decoding: a multi-byte character may straddle two of them.
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ exitCode: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(input);
  });
}
