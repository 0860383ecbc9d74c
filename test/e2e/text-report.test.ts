import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { CLI, cli } from '../support/cli.js';
import { fakeProvider, type FakeProvider } from '../support/provider.js';
import { commit, tempRepo, testEnv } from '../support/repo.js';

/**
 * The text report through the built CLI: one line per problem, errors first,
 * within the terminal's width; the long texts behind --explain and
 * `scan-keys explain RULE`; words that fit where it runs and what was found.
 */

const KEY = fake.openaiProject(801);
const ANT = fake.anthropic(802);
const keyLines = (stdout: string) => stdout.split('\n').filter((l) => /^[✖!i] /.test(l));
const width = (line: string) => [...line].length;

function expectNoKey(output: string, keys: readonly string[] = [KEY, ANT]) {
  for (const key of keys) expect(output.includes(key.slice(12, 40)), 'a piece of a key printed').toBe(false);
}

describe('one line per problem', () => {
  const repo = tempRepo();
  const deep = `src/${'very-long-folder-name/'.repeat(4)}settings.ts`;
  beforeAll(() => {
    // Warnings before the error in file order: the report must still put the error first.
    repo.write('.env', 'DEBUG = 1\nNAME=value \n');
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.write(deep, `export const k = "${ANT}";\n`);
  });

  test('errors first, then warnings, each on one line of file:line:col, rule and a short message', async () => {
    const run = await cli(repo.dir, []);
    expect(run.exitCode).toBe(1);
    const lines = keyLines(run.stdout);
    expect(lines.map((l) => l.slice(0, 1))).toEqual(['✖', '✖', '!', '!']);
    expect(lines[0]).toMatch(/^✖ app\.ts:1:12 +openai-project-key +sk-proj-…\S{4} OpenAI project API key/);
    expect(lines[2]).toMatch(/^! \.env:1:6 +dotenv-space-around-equals +spaces around "="$/);
    expect(lines[3]).toMatch(/^! \.env:2:11 +dotenv-trailing-whitespace +a space after NAME's value$/);
    // The long explanation is not there; how to get it is said once, at the end.
    expect(run.stdout).not.toContain('docker run --env-file');
    expect(run.stdout.match(/scan-keys explain RULE for details/g)).toHaveLength(1);
    expect(run.stdout).toContain('(scan-keys explain openai-project-key), or --explain');
    expectNoKey(run.stdout);
  });

  test('no line is wider than 80 columns when stdout is not a terminal: the message is cut, never the place or the rule', async () => {
    const run = await cli(repo.dir, []);
    const lines = keyLines(run.stdout);
    const long = lines.find((l) => l.includes('anthropic-api-key'));
    for (const line of lines.filter((l) => l !== long)) expect(width(line), line).toBeLessThanOrEqual(80);
    // The location is longer than the columns a message would need: it is printed whole all the same.
    expect(long).toContain(`${deep}:1:19`);
    expect(long).toMatch(/anthropic-api-key +\S*…$/);
  });

  test("a terminal's own width is used (a real pty, 50 columns)", async () => {
    const piped = keyLines((await cli(repo.dir, [])).stdout);
    expect(piped[0]).toMatch(/sk-proj-…\S{4} OpenAI project API key$/);
    const env = testEnv({ NO_COLOR: '1', FORCE_COLOR: undefined });
    const run = spawnSync('script', ['-qec', `stty cols 50; exec "${process.execPath}" "${CLI}"`, '/dev/null'], { cwd: repo.dir, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const lines = keyLines(run.stdout.replace(/\r/g, '')).filter((l) => !l.includes('anthropic-api-key'));
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(width(line), line).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(/^✖ app\.ts:1:12  openai-project-key  sk-proj-…\S{4} …$/);
  });

  test('--explain prints every finding with its full text, snippet and advice, errors first', async () => {
    const run = await cli(repo.dir, ['--explain']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('docker run --env-file');
    expect(run.stdout).toContain(`    1 │ const k = "sk-proj-…${KEY.slice(-4)}";`);
    expect(run.stdout).toContain('→ OpenAI project API key in plain text: remove it from the file; rotate it at https://platform.openai.com/api-keys');
    expect(run.stdout.indexOf('[openai-project-key]')).toBeLessThan(run.stdout.indexOf('[dotenv-space-around-equals]'));
    expect(run.stdout).not.toContain('scan-keys explain RULE');
    expectNoKey(run.stdout);
  });

  test('the JSON report keeps the full message', async () => {
    const run = await cli(repo.dir, ['--format', 'json']);
    const lint = run.json.findings.find((f: { rule: string }) => f.rule === 'dotenv-space-around-equals');
    expect(lint.message).toContain('docker run --env-file');
  });
});

describe('scan-keys explain RULE', () => {
  test('a key rule: what it finds, why it matters, how to fix, where to rotate', async () => {
    const run = await cli(process.cwd(), ['explain', 'anthropic-api-key']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^anthropic-api-key: Anthropic API key \(error\)\n/);
    expect(run.stdout).toContain('What it finds: Anthropic API key, text starting sk-ant-api03-');
    expect(run.stdout).toContain('Why it matters: Anyone who can read the file');
    expect(run.stdout).toMatch(/How to fix:\n {2}1\. Rotate the key at https:\/\/console\.anthropic\.com\/settings\/keys/);
    expect(run.stdout).toContain('Where to rotate: https://console.anthropic.com/settings/keys');
    for (const line of run.stdout.split('\n')) expect(width(line)).toBeLessThanOrEqual(80);
  });

  test('a .env rule, and several rules at once', async () => {
    const run = await cli(process.cwd(), ['explain', 'dotenv-crlf', 'dotenv-committed']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('dotenv-crlf: Windows (CRLF) line endings in a .env file (warning)');
    expect(run.stdout).toContain('scan-keys fix-env repairs it');
    expect(run.stdout).toContain('dotenv-committed: A private .env file staged for commit (warning)');
    expect(run.stdout).toContain('git rm --cached');
  });

  test('an unknown rule: exit 2, one line, the closest ids', async () => {
    const cases: [string[], RegExp][] = [
      [['explain', 'openai-projct-key'], /^scan-keys: explain: no rule 'openai-projct-key'; did you mean openai-project-key\?\n$/],
      [['explain', 'crlf'], /^scan-keys: explain: no rule 'crlf'; did you mean dotenv-crlf\?\n$/],
      [['explain', 'qqqqqqqq'], /^scan-keys: explain: no rule 'qqqqqqqq' \(the rule ids are in the README's rule table and in every report\)\n$/],
      [['explain'], /^scan-keys: explain needs a rule id, as the report shows it \(scan-keys explain openai-project-key\)\n$/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(process.cwd(), args);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
    }
  });
});

describe('--staged: words that fit the situation', () => {
  test('by hand: "would be blocked"; fix advice in each file\'s language', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    repo.write('app.py', `import os\nkey = "${fake.openaiProject(811)}"\n`);
    repo.write('lib/client.rb', `KEY = "${fake.openaiProject(812)}"\n`);
    repo.write('main.go', `var key = "${fake.anthropic(813)}"\n`);
    repo.write('web/app.ts', `const k = "${fake.openaiProject(814)}";\n`);
    repo.write('notes.txt', `${fake.openaiProject(815)}\n`);
    repo.git('add', '.');
    const run = await cli(repo.dir, ['--staged']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('A commit of what is staged would be blocked. To fix it:');
    expect(run.stdout).not.toContain('The commit was blocked');
    const step = run.stdout.split('\n').find((l) => l.includes('read it from the environment instead')) ?? '';
    expect(step).toContain('os.environ["OPENAI_API_KEY"]');
    expect(step).toContain('ENV["OPENAI_API_KEY"]');
    expect(step).toContain('os.Getenv("ANTHROPIC_API_KEY")');
    expect(step).toContain('process.env.OPENAI_API_KEY');
    expect(step).toContain('the OPENAI_API_KEY environment variable');
    // The HTML report's steps say the same, per key.
    const html = await cli(repo.dir, ['--staged', '--format', 'html']);
    expect(html.stdout).toMatch(/os\.environ\[(?:"|&quot;|&#34;)OPENAI_API_KEY/);
    expect(html.stdout).toMatch(/os\.Getenv\((?:"|&quot;|&#34;)ANTHROPIC_API_KEY/);
  });

  test('run through a git alias (git sets GIT_EXEC_PATH, not GIT_INDEX_FILE): still "would be blocked"', () => {
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'app.ts');
    repo.git('config', 'alias.scan', `!"${process.execPath}" "${CLI}" --staged`);
    const run = spawnSync('git', ['scan'], { cwd: repo.dir, env: testEnv({ NO_COLOR: '1' }), encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('A commit of what is staged would be blocked');
    expect(run.stdout).not.toContain('The commit was blocked');
  });

  test('GIT_INDEX_FILE exported in a shell is not a hook either', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'app.ts');
    const run = await cli(repo.dir, ['--staged'], { GIT_INDEX_FILE: `${repo.dir}/.git/index` });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('A commit of what is staged would be blocked');
  });

  test('a staged .env: git rm --cached and .gitignore, and never "git add .env"', async () => {
    const repo = tempRepo();
    repo.write('.env', `OPENAI_API_KEY=${fake.openaiProject(821)}\n`);
    repo.write('app.py', `key = "${fake.openaiProject(822)}"\n`);
    repo.git('add', '-f', '.env', 'app.py');
    const run = await cli(repo.dir, ['--staged']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('git rm --cached ".env", add ".env" to .gitignore');
    expect(run.stdout).toContain('git add "app.py"');
    expect(run.stdout).not.toMatch(/git add [^\n]*\.env/);
    expect(run.stdout).not.toMatch(/git reset -- [^\n]*\.env/);
    // The key in app.py still gets the Python way to read the variable.
    expect(run.stdout).toContain('os.environ["OPENAI_API_KEY"]');
  });
});

describe('a revoked key', () => {
  let server: FakeProvider;
  beforeAll(async () => {
    server = await fakeProvider();
  });
  afterAll(() => server.close());

  test('already dead: find the app that used it, instead of rotate it, in the text and the HTML', async () => {
    const key = fake.openaiProject(831);
    server.answer(key, 'invalid');
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${key}";\n`);
    repo.git('add', 'app.ts');
    const text = await cli(repo.dir, ['--staged', '--probe'], server.env);
    expect(text.exitCode).toBe(1);
    expect(keyLines(text.stdout)[0]).toContain('[revoked] sk-proj-…');
    expect(text.stdout).toContain('The key is already dead: find the app that used it and give it a new key; nothing is left to rotate.');
    expect(text.stdout).not.toContain('rotate it at');
    const html = await cli(repo.dir, ['--staged', '--probe', '--format', 'html'], server.env);
    expect(html.stdout).toContain('already dead: find the app that used it');
    expect(html.stdout).not.toContain('<li>Rotate the key');
    expectNoKey(text.stdout + html.stdout, [key]);
  });

  test('history: the plan starts with the dead key, not with rotating it', async () => {
    const key = fake.openaiProject(832);
    server.answer(key, 'invalid');
    const repo = tempRepo();
    commit(repo, 'add', { 'config.js': `module.exports = "${key}";\n` });
    commit(repo, 'remove', { 'config.js': 'module.exports = process.env.OPENAI_API_KEY;\n' });
    const run = await cli(repo.dir, ['history', '--probe'], server.env);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('1. The key is already dead (the provider rejects it): find the app that used it and give it a new key.');
    expect(run.stdout).not.toContain('Rotate first');
    expectNoKey(run.stdout, [key]);
  });
});
