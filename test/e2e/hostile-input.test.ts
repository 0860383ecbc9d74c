import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { leakedWindow } from '../support/findings.js';
import { fakeProvider, type FakeProvider } from '../support/provider.js';
import { tempDir, tempRepo } from '../support/repo.js';

/**
 * Keys where no value goes (a file name, a .env name, a git author, an
 * organization id, a server's error code) and names that try to forge output:
 * nothing of a key and no raw control character may reach any output.
 */

const key = fake.openaiProject(901);
const ant = fake.anthropic(902);
const KEYS = [key, ant];
const FORMATS = ['text', 'json', 'sarif', 'github', 'html', 'summary'] as const;

/** No 16-character window of any key, in anything the run printed. */
function expectNoLeak(run: CliRun, keys: readonly string[] = KEYS): void {
  const leak = leakedWindow(run.stdout + run.stderr, keys);
  expect(leak, leak).toBeUndefined();
}

describe('a key in a file name', () => {
  const repo = tempRepo();
  beforeAll(() => {
    repo.write(`notes ${key}.txt`, 'nothing here\n');
    // A binary file is skipped: its name still goes through the skipped list.
    repo.write(`${ant}.bin`, Buffer.from([0, 1, 2, 3]));
  });

  test.each(FORMATS)('is found and redacted in the %s report', async (format) => {
    const run = await cli(repo.dir, ['.', '--format', format]);
    expectNoLeak(run);
    expect(run.exitCode).toBe(1);
  });

  test('each name is a finding of its own that says it is in the name', async () => {
    const run = await cli(repo.dir, ['.', '--format', 'json']);
    const names = run.json.findings.filter((f: { message: string }) => f.message.includes('in a file name'));
    expect(names.map((f: { rule: string }) => f.rule).sort()).toEqual(['anthropic-api-key', 'openai-project-key']);
    expect(names.find((f: { rule: string }) => f.rule === 'openai-project-key').file).toBe(`notes sk-proj-…${key.slice(-4)}.txt`);
    expect(run.json.summary.skipped).toEqual([{ file: `sk-ant-api03-…${ant.slice(-4)}.bin`, reason: 'binary' }]);
  });

  test('among hundreds of files read by both threads, the names that hold a key are found, first and last alike', async () => {
    const big = tempRepo();
    // Sorted first and last in the listing, so that both ends of the name search are met.
    big.write(`0 ${key}.txt`, 'plain\n');
    for (let i = 0; i < 400; i++) big.write(`m/${String(i).padStart(3, '0')}.txt`, `plain ${i}\n`);
    big.write(`zz/${ant}.md`, 'plain\n');
    // A name that only holds a keyword inside a word (task-, not a key's start) is no finding.
    big.write('task_sk-list.txt', 'plain\n');
    const run = await cli(big.dir, ['.', '--format', 'json']);
    expectNoLeak(run);
    const names = run.json.findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`).sort();
    expect(names).toEqual([`anthropic-api-key zz/sk-ant-api03-…${ant.slice(-4)}.md`, `openai-project-key 0 sk-proj-…${key.slice(-4)}.txt`]);
    expect(run.json.summary.files).toBe(403);
  });

  test('the text report lists the skipped file under its redacted name', async () => {
    const run = await cli(repo.dir, ['.']);
    expect(run.stdout).toContain(`skipped 1 binary file: sk-ant-api03-…${ant.slice(-4)}.bin`);
  });

  test('the baseline, meant to be committed, holds no part of the key', async () => {
    const dir = tempRepo();
    dir.write(`${key}.md`, 'x\n');
    const run = await cli(dir.dir, ['baseline']);
    expect(run.exitCode).toBe(0);
    const written = readFileSync(path.join(dir.dir, '.scan-keys-baseline.json'), 'utf8');
    expect(leakedWindow(written, KEYS)).toBeUndefined();
    // And the baselined name is then accepted.
    expect((await cli(dir.dir, ['.'])).exitCode).toBe(0);
  });

  test('the staged hint (git add …) names the file redacted', async () => {
    const staged = tempRepo();
    staged.write(`${key}.ts`, `export const k = "${ant}";\n`);
    staged.git('add', '.');
    const run = await cli(staged.dir, ['--staged']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('git add');
    expectNoLeak(run);
  });
});

describe('a key as a git author name', () => {
  test('history prints the author redacted in every format', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${ant}";\n`);
    repo.git('add', '.');
    repo.git('-c', `user.name=${key}`, '-c', `user.email=${key}@example.invalid`, 'commit', '-q', '-m', 'add');
    for (const format of FORMATS) {
      const run = await cli(repo.dir, ['history', '--format', format]);
      expect(run.exitCode).toBe(1);
      expectNoLeak(run);
    }
    const json = (await cli(repo.dir, ['history', '--format', 'json'])).json;
    expect(json.findings[0].commit.author).toContain(`sk-proj-…${key.slice(-4)}`);
  });
});

describe('a key where a .env name goes', () => {
  test('neither the lint messages nor the fix-env diff print it', async () => {
    const dir = tempDir();
    const env = `${key}\n${ant} \nOPENAI_API_KEY = ${key}  \n${ant}=x\n`;
    const repo = tempRepo({ dir });
    repo.write('.env', env);
    for (const format of FORMATS) expectNoLeak(await cli(dir, ['.env', '--format', format]));
    const fix = await cli(dir, ['fix-env', '--dry-run', '.env']);
    expect(fix.stdout + fix.stderr).toContain('would fix');
    expectNoLeak(fix);
  });
});

describe('names that try to forge output', () => {
  const repo = tempRepo();
  beforeAll(() => {
    repo.write('a\n::error file=x.ts::forged.ts', `const k = "${key}";\n`);
    repo.write('b\x1b[31mred\x1b[0m.ts', `const k = "${ant}"; // \x1b[2J\u202e\n`);
  });

  test('text: no raw newline inside a name, no escape sequence, names shown with visible escapes', async () => {
    const run = await cli(repo.dir, ['.']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout).not.toContain('\u202e');
    expect(run.stdout.split('\n').some((l) => l.startsWith('::error'))).toBe(false);
    expect(run.stdout).toContain('a\\n::error file=x.ts::forged.ts');
    expect(run.stdout).toContain('b\\x1b[31mred\\x1b[0m.ts');
  });

  test('github: every line is a command of ours, none forged by a name', async () => {
    const run = await cli(repo.dir, ['.', '--format', 'github']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(2);
    for (const l of lines) expect(l.startsWith('::error file=') || l.startsWith('scan-keys:')).toBe(true);
    expect(run.stdout).not.toContain('\x1b');
  });

  test('html: control characters are shown, not passed to the page', async () => {
    const run = await cli(repo.dir, ['.', '--format', 'html']);
    expect(run.stdout).not.toContain('\x1b');
    expect(run.stdout).toContain('b\\x1b[31mred');
  });
});

describe('what a server sends back', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await fakeProvider();
  });
  afterAll(() => server.close());

  test('an error code that echoes part of the key is dropped', async () => {
    server.answer(key, 'echo-code');
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${key}";\n`);
    for (const format of FORMATS) expectNoLeak(await cli(repo.dir, ['.', '--probe', '--format', format], server.env));
    const json = (await cli(repo.dir, ['.', '--probe', '--format', 'json'], server.env)).json;
    expect(json.findings[0].probe).toEqual({ status: 'unknown', httpStatus: 401, detail: 'an answer the probe table does not know' });
  });
});

describe('doctor and the organization variables', () => {
  let server: FakeProvider;
  const live = fake.openaiProject(911);
  beforeAll(async () => {
    server = await fakeProvider();
    server.answer(live, 'ok');
  });
  afterAll(() => server.close());

  const doctor = (env: Record<string, string>, ...args: string[]) =>
    cli(tempDir(), ['doctor', ...args], { OPENAI_ORG_ID: undefined, OPENAI_ORGANIZATION: undefined, OPENAI_PROJECT_ID: undefined, ...server.env, ...env });

  test('a key pasted into OPENAI_ORG_ID is named as one, never printed, never sent', async () => {
    const before = server.requests.length;
    const run = await doctor({ OPENAI_API_KEY: live, OPENAI_ORG_ID: ant, OPENAI_PROJECT_ID: key }, '--probe');
    expectNoLeak(run, [ant, key]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('OPENAI_ORG_ID holds an Anthropic API key, not an id');
    expect(run.stdout).toContain('OPENAI_PROJECT_ID holds an OpenAI project API key, not an id');
    const sent = server.requests.slice(before).flatMap((r) => Object.values(r.headers).flat());
    expect(sent.some((v) => typeof v === 'string' && (v.includes(ant) || v.includes(key.slice(10, 40))))).toBe(false);
    // The live key itself was probed, once, without any header of these.
    expect(server.requests.slice(before).length).toBe(1);
  });

  test('a control character inside the key is a problem, and is printed as an escape', async () => {
    const run = await doctor({ OPENAI_API_KEY: `${live.slice(0, 40)}\x01${live.slice(40)}` }, '--format', 'json');
    const check = run.json.checks.find((c: { id: string }) => c.id === 'whitespace');
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('U+0001 inside');
    const text = await doctor({ OPENAI_API_KEY: `${live}\x1b[2J` });
    expect(text.stdout).not.toContain('\x1b');
    expectNoLeak(text, [live]);
  });
});
