import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { CLI } from '../support/cli.js';
import { tempDir, tempRepo, testEnv } from '../support/repo.js';
import { expectNoLeak, plant, run } from '../support/secrets.js';

/**
 * fix-env stopped while its temporary copy of the .env exists: the copy is
 * named so that .env ignore patterns match it, and SIGINT, SIGTERM and SIGHUP
 * remove it. To stop it at that moment every time, the test freezes the
 * process (SIGSTOP) as soon as the copy appears, sends the signal, and lets
 * it go on (SIGCONT).
 */

const KEY = plant.openaiProject(971);
/** A BOM (one fixable problem) and a long value: big enough that writing the copy takes a while. */
const BIG = `\uFEFFOPENAI_API_KEY=${KEY}\nPADDING=${'x'.repeat(4_000_000)}\n`;

interface Stopped {
  readonly child: ChildProcess;
  readonly temp: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `fix-env` in `dir` and freezes it once its temporary file exists; undefined if it finished first. */
async function stopWhileCopying(dir: string): Promise<Stopped | undefined> {
  const child = spawn(process.execPath, [CLI, 'fix-env', '-q'], { cwd: dir, env: testEnv({ NO_COLOR: '1' }), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    const temp = readdirSync(dir).find((n) => n !== '.env' && n !== '.gitignore' && n !== '.git');
    if (temp !== undefined) {
      child.kill('SIGSTOP');
      // Still there once frozen: the process is between creating the copy and renaming it.
      if (readdirSync(dir).includes(temp)) return { child, temp, exited };
      child.kill('SIGCONT');
    }
    await sleep(0);
  }
  return undefined;
}

/** A repository whose `.env*` is git-ignored, with fix-env frozen while its copy of the .env exists. */
async function caughtWhileCopying() {
  // The window is tens of milliseconds on a loaded machine: try again if the process got through it first.
  for (let attempt = 0; attempt < 5; attempt++) {
    const repo = tempRepo();
    repo.write('.gitignore', '.env*\n');
    repo.write('.env', BIG);
    const stopped = await stopWhileCopying(repo.dir);
    if (stopped) return { repo, ...stopped };
  }
  throw new Error('fix-env never got caught while writing its temporary file');
}

describe('fix-env interrupted while it writes', () => {
  test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s removes the temporary copy and leaves the .env as it was', async (signal) => {
    const { repo, child, temp, exited } = await caughtWhileCopying();
    // The copy holds the .env's keys: while it exists, `.env*` and `.env.*` ignore it.
    expect(temp.startsWith('.env.')).toBe(true);
    expect(repo.git('check-ignore', '--', temp).trim()).toBe(temp);
    repo.write('.gitignore', '.env.*\n');
    expect(repo.git('check-ignore', '--', temp).trim()).toBe(temp);
    child.kill(signal);
    child.kill('SIGCONT');
    const { code, signal: died, stderr } = await exited;
    expectNoLeak(stderr);
    // It dies of the signal, as without a handler: the shell and git see the status they expect.
    expect({ code, died }).toEqual({ code: null, died: signal });
    expect(readdirSync(repo.dir).sort()).toEqual(['.env', '.git', '.gitignore']);
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(BIG);
  });

  test('a write to the .env while fix-env writes its copy is seen: the .env keeps that write, exit 2', async () => {
    const { repo, child, exited } = await caughtWhileCopying();
    appendFileSync(path.join(repo.dir, '.env'), 'ADDED=meanwhile\n');
    child.kill('SIGCONT');
    const { code, stderr } = await exited;
    expectNoLeak(stderr);
    expect(code).toBe(2);
    expect(stderr).toContain('.env changed while fix-env ran and was left untouched; run it again');
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(`${BIG}ADDED=meanwhile\n`);
    expect(readdirSync(repo.dir).sort()).toEqual(['.env', '.git', '.gitignore']);
  });
});

describe('a copy left by a killed fix-env (SIGKILL cannot be caught)', () => {
  const leftover = '.env.scan-keys-tmp-0123456789ab';

  test('fix-env names it, to be deleted, and does not fix it as a .env of its own', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, '.env'), 'A = 1\n');
    writeFileSync(path.join(dir, leftover), 'A = 1\n');
    const r = await run(dir, ['fix-env']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`scan-keys: ${leftover}: left by an interrupted fix-env, a copy of a .env file (with its keys): delete it`);
    expect(r.stdout).toContain('.env: fixed 1 problem');
    expect(r.stdout).not.toContain(`${leftover}: fixed`);
    expect(readFileSync(path.join(dir, leftover), 'utf8')).toBe('A = 1\n');
  });

  test('a scan that reaches it reports the keys in it like those of the .env it copies; git-ignored, like the .env, it holds them as information', async () => {
    const repo = tempRepo();
    repo.write(leftover, `OPENAI_API_KEY=${KEY}\n`);
    const reached = await run(repo.dir, ['.', '--format', 'json']);
    expect(reached.json.findings).toMatchObject([{ file: leftover, rule: 'openai-project-key' }]);
    repo.write('.gitignore', '.env*\n');
    const ignored = await run(repo.dir, ['.', '--format', 'json']);
    // A git-ignored .env-like file is where a key belongs: listed as kept out of git, never an error.
    expect(ignored.exitCode).toBe(0);
    expect(ignored.json.findings).toMatchObject([{ file: leftover, rule: 'openai-project-key', severity: 'info' }]);
    expect(ignored.json.summary.errors).toBe(0);
  });
});
