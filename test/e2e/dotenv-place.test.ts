import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { sarifErrors } from '../support/sarif-schema.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';

interface Finding {
  kind: string;
  rule: string;
  severity: string;
  file: string;
  line: number;
  message: string;
}

const rows = (json: { findings: Finding[] }) => json.findings.map((f) => [f.file, f.line, f.rule, f.severity]);

/** A repository whose .gitignore keeps .env files and the build output out of git. */
function appRepo(): TempRepo {
  const repo = tempRepo();
  repo.write('.gitignore', '.env\n.env*.local\ndist/\n');
  repo.write('app.ts', 'export const key = process.env.OPENAI_API_KEY;\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'app');
  return repo;
}

describe('a key in a git-ignored .env is kept out of git: information, never an error', () => {
  test('a folder scan lints the ignored .env and reports its key as info: exit 0, one count line in text', async () => {
    const repo = appRepo();
    const key = fake.openaiProject();
    repo.write('.env', `OPENAI_API_KEY=${key} \n`);
    repo.write('web/.env.local', `ANTHROPIC_API_KEY=${fake.anthropic()}\n`);

    const json = await cli(repo.dir, ['--format', 'json']);
    expect(json.exitCode).toBe(0);
    expect(rows(json.json)).toEqual([
      ['.env', 1, 'openai-project-key', 'info'],
      // The lint is the point of reading it: a trailing space breaks the key.
      ['.env', 1, 'dotenv-trailing-whitespace', 'warning'],
      ['web/.env.local', 1, 'anthropic-api-key', 'info'],
    ]);
    expect(json.json.findings[0].message).toContain('kept out of git');
    expect(json.json.summary).toMatchObject({ errors: 0, warnings: 1 });
    expect(json.stdout).not.toContain(key);

    const text = await cli(repo.dir, []);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toContain('2 keys kept out of git in 2 git-ignored .env files');
    expect(text.stdout).not.toContain('openai-project-key');
    expect(text.stdout).toMatch(/^! \.env:1:\d+  dotenv-trailing-whitespace  /m);
    expect((await cli(repo.dir, ['--fail-on', 'warning'])).exitCode).toBe(1);
  });

  test('`scan-keys .env` on the ignored file says the same as the folder scan', async () => {
    const repo = appRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    const run = await cli(repo.dir, ['.env', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(rows(run.json)).toEqual([['.env', 1, 'openai-project-key', 'info']]);
    // Information is below every --fail-on: it never fails a scan.
    expect((await cli(repo.dir, ['.env', '--fail-on', 'warning'])).exitCode).toBe(0);
  });

  test('a key in a .env git does not ignore stays an error, with git rm --cached and .gitignore as the fix', async () => {
    const repo = tempRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    repo.git('add', '.env');
    repo.git('commit', '-qm', 'oops');
    repo.write('config/prod.env', `OPENAI_API_KEY=${fake.openaiProject(2)}\n`);
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(rows(run.json)).toEqual([
      ['.env', 1, 'openai-project-key', 'error'],
      ['config/prod.env', 1, 'openai-project-key', 'error'],
    ]);
    expect(run.json.findings[0].message).toContain('git rm --cached .env');
    expect(run.json.findings[0].message).toContain('add ".env" to .gitignore');
    expect(run.json.findings[1].message).toContain('add "prod.env" to .gitignore');
    repo.write('.env.local', `OPENAI_API_KEY=${fake.openaiProject(4)}\n`);
    const local = await cli(repo.dir, ['.env.local', '--format', 'json']);
    expect(local.json.findings[0].message).toContain('add ".env*.local" to .gitignore');
  });

  test('--staged: an ignored .env force-added is tracked, so its key is an error', async () => {
    const repo = appRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    repo.git('add', '-f', '.env');
    const run = await cli(repo.dir, ['--staged', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(rows(run.json)).toContainEqual(['.env', 1, 'openai-project-key', 'error']);
    expect(rows(run.json)).toContainEqual(['.env', 1, 'dotenv-committed', 'warning']);
  });

  test('`scan-keys baseline` does not accept a key kept out of git: committed later, it still blocks', async () => {
    const repo = appRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    const baseline = await cli(repo.dir, ['baseline']);
    expect(baseline.exitCode).toBe(0);
    expect(baseline.stdout).toContain('wrote 0 entries');
    repo.git('add', '-f', '.env');
    const staged = await cli(repo.dir, ['--staged', '--format', 'json']);
    expect(staged.exitCode).toBe(1);
    expect(rows(staged.json)).toContainEqual(['.env', 1, 'openai-project-key', 'error']);
  });

  test('a .env inside a folder git ignores whole (node_modules) is not listed (git does not descend into it)', async () => {
    const repo = appRepo();
    repo.write('.gitignore', '.env\nnode_modules/\n');
    repo.write('node_modules/pkg/.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    repo.write('.env', 'A = 1\n');
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(rows(run.json)).toEqual([['.env', 1, 'dotenv-space-around-equals', 'warning']]);
  });

  test('SARIF says informational (level none, schema-valid), github a notice', async () => {
    const repo = appRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject()}\n`);
    const sarif = await cli(repo.dir, ['--format', 'sarif']);
    expect(sarif.exitCode).toBe(0);
    expect(sarifErrors(sarif.json)).toEqual([]);
    expect(sarif.json.runs[0].results).toMatchObject([{ ruleId: 'openai-project-key', kind: 'informational', level: 'none' }]);
    const github = await cli(repo.dir, ['--format', 'github']);
    expect(github.exitCode).toBe(0);
    expect(github.stdout).toMatch(/^::notice file=\.env,line=1/m);
    expect(github.stdout).not.toMatch(/^::error/m);
  });
});

describe('a key in a variable the bundler ships to the browser is an error wherever it is', () => {
  test('in a git-ignored .env, for each tool prefix, with the server-route fix', async () => {
    const repo = appRepo();
    const names = ['NEXT_PUBLIC_OPENAI_KEY', 'VITE_OPENAI_KEY', 'REACT_APP_OPENAI_KEY', 'EXPO_PUBLIC_OPENAI_KEY', 'PUBLIC_OPENAI_KEY', 'NUXT_PUBLIC_OPENAI_KEY', 'GATSBY_OPENAI_KEY'];
    repo.write('.env', names.map((n, i) => `${n}=${fake.openaiProject(10 + i)}\n`).join(''));
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings.map((f: Finding) => [f.line, f.severity])).toEqual(names.map((_, i) => [i + 1, 'error']));
    const messages = run.json.findings.map((f: Finding) => f.message);
    expect(messages[1]).toContain('VITE_OPENAI_KEY: Vite inlines VITE_* variables into the code it ships to the browser');
    expect(messages[4]).toContain('SvelteKit');
    for (const m of messages) expect(m).toContain('Call the provider from a server route');
  });

  test('in code that reads import.meta.env.VITE_… beside a key literal, and in a Next.js config', async () => {
    const repo = appRepo();
    repo.write('src/client.ts', `const key = import.meta.env.VITE_OPENAI_KEY ?? "${fake.openaiProject()}";\n`);
    repo.write('next.config.js', `module.exports = { env: { NEXT_PUBLIC_ANTHROPIC_KEY: '${fake.anthropic()}' } };\n`);
    repo.write('src/server.ts', `const key = "${fake.openaiProject(3)}";\n`);
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode).toBe(1);
    const byFile = Object.fromEntries(run.json.findings.map((f: Finding) => [f.file, f.message]));
    expect(byFile['src/client.ts']).toContain('VITE_OPENAI_KEY: Vite inlines');
    expect(byFile['next.config.js']).toContain('NEXT_PUBLIC_ANTHROPIC_KEY: Next.js inlines');
    expect(byFile['src/server.ts']).toContain('in plain text');
  });
});

describe('a folder named on the command line is scanned whole', () => {
  test('dist/ that git ignores: the default scan leaves it out, `scan-keys dist/` scans its files', async () => {
    const repo = appRepo();
    repo.write('dist/assets/index-abc.js', `var k="${fake.openaiProject()}";\n`);
    const all = await cli(repo.dir, ['--format', 'json']);
    expect(all.exitCode).toBe(0);
    const named = await cli(repo.dir, ['dist/', '--format', 'json']);
    expect(named.exitCode).toBe(1);
    expect(rows(named.json)).toEqual([['dist/assets/index-abc.js', 1, 'openai-project-key', 'error']]);
  });

  test('.next/static/ inside an ignored .next/, named from a subfolder of the repository', async () => {
    const repo = appRepo();
    repo.write('web/.gitignore', '.next/\n');
    repo.write('web/.next/static/chunks/app.js', `k="${fake.openaiProject()}"\n`);
    repo.write('web/.next/cache/x.js', '// nothing\n');
    const run = await cli(path.join(repo.dir, 'web'), ['.next/static/', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(rows(run.json)).toEqual([['web/.next/static/chunks/app.js', 1, 'openai-project-key', 'error']]);
    expect(run.json.summary.files).toBe(1);
  });
});

describe('paths outside the current folder', () => {
  test('`scan-keys ../other-repo/src` shows ../other-repo/src/agent.py, not src/agent.py', async () => {
    const parent = tempDir();
    for (const name of ['other-repo', 'mine']) mkdirSync(path.join(parent, name));
    const other = tempRepo({ dir: path.join(parent, 'other-repo') });
    other.write('src/agent.py', `key = "${fake.openaiProject()}"\n`);
    other.git('add', '.');
    const mine = tempRepo({ dir: path.join(parent, 'mine') });
    mine.write('src/agent.py', 'key = os.environ["OPENAI_API_KEY"]\n');
    const run = await cli(mine.dir, ['../other-repo/src', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(rows(run.json)).toEqual([['../other-repo/src/agent.py', 1, 'openai-project-key', 'error']]);
    const text = await cli(mine.dir, ['../other-repo/src']);
    expect(text.stdout).toContain('../other-repo/src/agent.py:1:');
  });

  test('outside git too, and inside one repository a sibling folder keeps its repository path', async () => {
    const parent = tempDir();
    const plain = path.join(parent, 'plain');
    mkdirSync(path.join(plain, 'src'), { recursive: true });
    const mine = tempDir();
    tempRepo({ dir: plain, init: false }).write('src/agent.py', `key = "${fake.openaiProject()}"\n`);
    const outside = await cli(mine, [path.relative(mine, path.join(plain, 'src')), '--format', 'json']);
    expect(outside.json.findings.map((f: Finding) => f.file)).toEqual([`${path.relative(mine, plain)}/src/agent.py`]);

    const repo = appRepo();
    repo.write('lib/key.ts', `export const k = "${fake.openaiProject()}";\n`);
    repo.write('src/index.ts', 'export {};\n');
    const sibling = await cli(path.join(repo.dir, 'src'), ['../lib', '--format', 'json']);
    expect(sibling.json.findings.map((f: Finding) => f.file)).toEqual(['lib/key.ts']);
  });
});
