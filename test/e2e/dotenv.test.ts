import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { dotenvRules } from '../../src/dotenv/rules/index.js';
import type { DotenvExample } from '../../src/dotenv/rules/rule.js';
import { fake } from '../../src/rules/fake.js';
import { CLI, cli } from '../support/cli.js';
import { tempRepo, type TempRepo } from '../support/repo.js';

interface Finding {
  kind: string;
  rule: string;
  file: string;
  line: number;
  severity: string;
  redacted: string;
  message: string;
}

interface Placed {
  readonly id: string;
  readonly file: string;
  readonly ex: DotenvExample;
}

/** Each example in its own folder, under the name it is linted as (default .env). */
function place(kind: 'positive' | 'clean', keep: (ex: DotenvExample, id: string) => boolean): Placed[] {
  return dotenvRules.flatMap((rule) =>
    rule.examples[kind]()
      .map((ex, i) => ({ id: rule.id, file: `${kind}/${rule.id}-${i}/${ex.path ?? '.env'}`, ex }))
      .filter(({ ex, id }) => keep(ex, id)),
  );
}

/** The text of a file before the commit that adds `added` lines to it. */
function withoutLines(text: string, added: readonly (readonly [number, number])[]): string {
  const lines = text.split(/(?<=\n)/);
  return lines.filter((_, i) => !added.some(([a, b]) => i + 1 >= a && i + 1 <= b)).join('');
}

const findingsIn = (json: { findings: Finding[] }, file: string) => json.findings.filter((f) => f.file === file);

/** Every fake key the examples can hold: none may ever be printed whole. */
const FAKE_KEYS = Object.values(fake).map((make) => make());
const expectNoKey = (output: string) => {
  for (const key of FAKE_KEYS) expect(output.includes(key.slice(0, 30)), 'a key printed whole').toBe(false);
};

describe('every rule is detected at its line', () => {
  test('in a folder scan', async () => {
    const repo = tempRepo();
    const positives = place('positive', (ex, id) => !ex.staged && !ex.addedLines && id !== 'dotenv-committed');
    const cleans = place('clean', (ex) => !ex.staged && !ex.addedLines);
    for (const p of [...positives, ...cleans]) repo.write(p.file, p.ex.text);
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.stderr).toBe('');
    expectNoKey(run.stdout);
    for (const p of positives) {
      expect(findingsIn(run.json, p.file), `${p.file}`).toContainEqual(
        expect.objectContaining({ kind: 'dotenv', rule: p.id, line: p.ex.line, severity: 'warning' }),
      );
    }
    for (const p of cleans) {
      expect(findingsIn(run.json, p.file).filter((f) => f.rule === p.id), p.file).toEqual([]);
    }
    // The committed rule belongs to staged scans only.
    expect(run.json.findings.filter((f: Finding) => f.rule === 'dotenv-committed')).toEqual([]);
  });

  test('in a staged scan, on the lines the commit adds', async () => {
    const repo = tempRepo();
    const positives = place('positive', (ex) => ex.staged !== false);
    // Files that gain lines: their earlier lines are committed first.
    for (const p of positives) if (p.ex.addedLines) repo.write(p.file, withoutLines(p.ex.text, p.ex.addedLines));
    if (positives.some((p) => p.ex.addedLines)) {
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', 'base');
    }
    for (const p of positives) repo.write(p.file, p.ex.text);
    repo.git('add', '-A');
    const run = await cli(repo.dir, ['--staged', '--format', 'json']);
    expect(run.stderr).toBe('');
    expectNoKey(run.stdout);
    for (const p of positives) {
      expect(findingsIn(run.json, p.file), p.file).toContainEqual(expect.objectContaining({ kind: 'dotenv', rule: p.id, line: p.ex.line }));
    }
  });
});

describe('exit codes with --fail-on', () => {
  test('a folder scan: .env warnings pass by default and block with --fail-on warning', async () => {
    const repo = tempRepo();
    repo.write('.env', 'DEBUG = 1\n');
    repo.write('src/app.ts', 'export const port = 3000;\n');
    expect((await cli(repo.dir, [])).exitCode).toBe(0);
    const blocked = await cli(repo.dir, ['--fail-on', 'warning']);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toContain('! .env:1:6  dotenv-space-around-equals  spaces around "="');
    expect((await cli(repo.dir, ['--fail-on', 'never', '--format', 'json'])).exitCode).toBe(0);
  });

  test('a key inside a .env file is an error as anywhere, and the .env problems beside it are warnings', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject();
    repo.write('.env', `OPENAI_API_KEY="${key} "\n`);
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode).toBe(1);
    expectNoKey(run.stdout);
    expect(run.json.findings.map((f: Finding) => [f.kind, f.rule, f.severity])).toEqual([
      ['secret', 'openai-project-key', 'error'],
      ['dotenv', 'dotenv-trailing-whitespace', 'warning'],
    ]);
    expect(run.json.findings[1].redacted).toBe(`sk-proj-…${key.slice(-3)} `);
  });

  test('a staged new .env: dotenv-committed and the lint warnings block only with --fail-on warning', async () => {
    const repo = tempRepo();
    repo.write('.env', 'DEBUG = 1\n');
    repo.git('add', '.env');
    const run = await cli(repo.dir, ['--staged', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.json.findings.map((f: Finding) => [f.rule, f.line])).toEqual([
      ['dotenv-committed', 1],
      ['dotenv-space-around-equals', 1],
    ]);
    expect(run.json.findings[0].message).toContain('add ".env" to .gitignore');
    expect((await cli(repo.dir, ['--staged', '--fail-on', 'warning'])).exitCode).toBe(1);
  });

  test('a staged .env.example is not reported as committed, and its placeholders are fine', async () => {
    const repo = tempRepo();
    repo.write('.env.example', 'OPENAI_API_KEY=sk-proj-...\n');
    repo.git('add', '.env.example');
    const run = await cli(repo.dir, ['--staged', '--fail-on', 'warning', '--format', 'json']);
    expect(run.json.findings).toEqual([]);
    expect(run.exitCode).toBe(0);
  });

  test('a tracked .env: only what the commit adds is reported, dotenv-committed on the first added line', async () => {
    const repo: TempRepo = tempRepo();
    repo.write('.env.local', 'DEBUG = 1\nPORT=3000\n');
    repo.git('add', '.env.local');
    repo.git('commit', '-q', '-m', 'tracked by mistake');
    repo.write('.env.local', 'DEBUG = 1\nPORT=3000\nOPENAI_KEY=abc\n');
    repo.git('add', '.env.local');
    const run = await cli(repo.dir, ['--staged', '--fail-on', 'warning', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings.map((f: Finding) => [f.rule, f.line])).toEqual([
      ['dotenv-committed', 3],
      ['dotenv-key-name', 3],
    ]);
    expect(run.json.findings[0].message).toContain('".env*.local"');

    // A commit that only removes lines from it leaks nothing new.
    repo.git('commit', '-q', '-m', 'more');
    repo.write('.env.local', 'DEBUG = 1\n');
    repo.git('add', '.env.local');
    const removal = await cli(repo.dir, ['--staged', '--fail-on', 'warning', '--format', 'json']);
    expect(removal.json.findings).toEqual([]);
    expect(removal.exitCode).toBe(0);
  });
});

/** Runs the built CLI under a file size limit of one block: writes past it fail with EFBIG (Node ignores SIGXFSZ). */
function cliWithFileLimit(cwd: string, args: readonly string[]) {
  return spawnSync('sh', ['-c', 'ulimit -f 1 && exec "$0" "$@"', process.execPath, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
}

describe('scan-keys fix-env', () => {
  const key = fake.openaiProject();
  const messy = `\uFEFFOPENAI_API_KEY = " ${key} "\r\nDEBUG=1  \r\nOPENAI_API_KEY=sk-proj-...Abcd\r\n`;
  const clean = `OPENAI_API_KEY="${key}"\nDEBUG=1\nOPENAI_API_KEY=sk-proj-...Abcd\n`;

  test('fixes the .env files of the current folder, prints a redacted diff, and reports what is left', async () => {
    const repo = tempRepo({ init: false });
    repo.write('.env', messy);
    repo.write('.env.local', 'A = 1\n');
    repo.write('sub/.env', 'B = 2\n');
    repo.write('notes.txt', 'C = 3\n');
    // A Python virtualenv called .env, and a link to one, are folders: skipped.
    repo.write('venv.env/bin/activate', 'X = 1\n');
    symlinkSync('venv.env', path.join(repo.dir, 'link.env'));
    const run = await cli(repo.dir, ['fix-env']);
    expect(run.stderr).toBe('');
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(clean);
    expect(readFileSync(path.join(repo.dir, '.env.local'), 'utf8')).toBe('A=1\n');
    expect(readFileSync(path.join(repo.dir, 'sub/.env'), 'utf8')).toBe('B = 2\n');
    expect(readFileSync(path.join(repo.dir, 'notes.txt'), 'utf8')).toBe('C = 3\n');
    expectNoKey(run.stdout);
    expect(run.stdout).toContain('.env: fixed');
    expect(run.stdout).toContain(`- OPENAI_API_KEY·=·"·sk-proj-…${key.slice(-4)}·"`);
    expect(run.stdout).toContain(`+ OPENAI_API_KEY="sk-proj-…${key.slice(-4)}"`);
    expect(run.stdout).toContain('byte order mark removed');
    expect(run.stdout).toContain('CRLF → LF');
    // Left as findings: the duplicate name and the masked key (warnings: exit 0 by default).
    expect(run.stdout).toMatch(/^! \.env:\d+:\d+ +dotenv-duplicate-key /m);
    expect(run.stdout).toMatch(/^! \.env:\d+:\d+ +dotenv-masked-key /m);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'venv.env/bin/activate'), 'utf8')).toBe('X = 1\n');
    expect(readdirSync(repo.dir).sort()).toEqual(['.env', '.env.local', 'link.env', 'notes.txt', 'sub', 'venv.env']);
  });

  test('--dry-run shows the diff and changes nothing; with --fail-on warning it fails while anything is wrong', async () => {
    const repo = tempRepo({ init: false });
    repo.write('.env', messy);
    const run = await cli(repo.dir, ['fix-env', '--dry-run', '--fail-on', 'warning']);
    expect(run.stdout).toContain('.env: would fix');
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(messy);
    expect(run.exitCode).toBe(1);
  });

  test('exit codes follow --fail-on: 0 once everything is fixed, 1 while a warning is left', async () => {
    const repo = tempRepo({ init: false });
    repo.write('fixable.env', 'A = 1\n');
    repo.write('.env', 'A=1\nA=2\n');
    expect((await cli(repo.dir, ['fix-env', 'fixable.env', '--fail-on', 'warning'])).exitCode).toBe(0);
    expect(readFileSync(path.join(repo.dir, 'fixable.env'), 'utf8')).toBe('A=1\n');
    expect((await cli(repo.dir, ['fix-env', '.env', '--fail-on', 'warning'])).exitCode).toBe(1);
    expect((await cli(repo.dir, ['fix-env', '.env'])).exitCode).toBe(0);
  });

  test('keeps the file mode', async () => {
    const repo = tempRepo({ init: false });
    repo.write('.env', 'A = 1\n');
    chmodSync(path.join(repo.dir, '.env'), 0o600);
    expect((await cli(repo.dir, ['fix-env'])).exitCode).toBe(0);
    expect(statSync(path.join(repo.dir, '.env')).mode & 0o7777).toBe(0o600);
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe('A=1\n');
  });

  test('--format json prints the findings left as JSON and the diff on stderr', async () => {
    const repo = tempRepo({ init: false });
    repo.write('.env', 'OPENAI_KEY = abc\n');
    const run = await cli(repo.dir, ['fix-env', '--format', 'json']);
    expect(run.json.findings.map((f: Finding) => [f.kind, f.rule, f.line])).toEqual([['dotenv', 'dotenv-key-name', 1]]);
    expect(run.stderr).toContain('.env: fixed 1 problem');
  });

  test('a file that does not exist is a usage error: exit 2, one line', async () => {
    const repo = tempRepo({ init: false });
    const run = await cli(repo.dir, ['fix-env', 'missing.env']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe('scan-keys: missing.env: no such file\n');
  });

  test('a write that fails midway leaves the original intact and no temporary file', () => {
    const repo = tempRepo({ init: false });
    // Larger than the limit (one block: 512 bytes in dash, 1024 in bash), so writing the fixed copy fails partway.
    const big = `${Array.from({ length: 200 }, (_, i) => `VAR_${i} = value-${i}`).join('\n')}\n`;
    writeFileSync(path.join(repo.dir, '.env'), big);
    const run = cliWithFileLimit(repo.dir, ['fix-env']);
    expect(run.stderr).toBe('scan-keys: could not write .env: EFBIG (the file is unchanged)\n');
    expect(run.status).toBe(2);
    expect(readFileSync(path.join(repo.dir, '.env'), 'utf8')).toBe(big);
    expect(readdirSync(repo.dir)).toEqual(['.env']);
  });
});
