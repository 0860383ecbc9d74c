import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cliWithin } from '../support/bounded.js';
import { cli, type CliRun } from '../support/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { expectNoSecret, expectOneLineError } from '../support/secrets.js';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const files = (run: CliRun) => (run.json.findings as { file: string }[]).map((f) => f.file).sort();

/**
 * One key in each of a.ts, b.ts, c.ts and d.ts; each config source ignores a
 * different one, so the findings tell which config was applied.
 */
function precedenceRepo(): TempRepo {
  const repo = tempRepo();
  for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) repo.write(`${name}.ts`, `const k = "${fake.openaiProject(800 + i)}";\n`);
  repo.write('package.json', json({ name: 'app', 'scan-keys': { ignore: ['a.ts'] } }));
  repo.write('.scankeysrc.json', json({ ignore: ['b.ts'] }));
  repo.write('scan-keys.config.json', json({ ignore: ['c.ts'] }));
  repo.write('custom.json', json({ ignore: ['d.ts'] }));
  return repo;
}

describe('config', () => {
  test('precedence: --config, then scan-keys.config.json, then .scankeysrc.json, then package.json', async () => {
    const repo = precedenceRepo();
    const scan = (...args: string[]) => cli(repo.dir, ['--format', 'json', ...args]);
    expect(files(await scan('--config', 'custom.json'))).toEqual(['a.ts', 'b.ts', 'c.ts']);
    expect(files(await scan())).toEqual(['a.ts', 'b.ts', 'd.ts']);
    rmSync(path.join(repo.dir, 'scan-keys.config.json'));
    expect(files(await scan())).toEqual(['a.ts', 'c.ts', 'd.ts']);
    rmSync(path.join(repo.dir, '.scankeysrc.json'));
    expect(files(await scan())).toEqual(['b.ts', 'c.ts', 'd.ts']);
    rmSync(path.join(repo.dir, 'package.json'));
    expect(files(await scan())).toEqual(['a.ts', 'b.ts', 'c.ts', 'd.ts']);
  });

  test('the search walks up from the current folder to the repository root, and no further', async () => {
    const outer = tempDir();
    // A config above the repository must not apply to it.
    writeFileSync(path.join(outer, 'scan-keys.config.json'), json({ rules: { 'openai-project-key': 'off' } }));
    const dir = path.join(outer, 'repo');
    mkdirSync(path.join(dir, 'packages', 'web'), { recursive: true });
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    writeFileSync(path.join(dir, 'packages', 'web', 'k.ts'), `const k = "${fake.openaiProject(810)}";\n`);
    const sub = path.join(dir, 'packages', 'web');
    expect((await cli(sub, ['-q'])).exitCode).toBe(1);
    // A config at the repository root applies from a subfolder.
    writeFileSync(path.join(dir, '.scankeysrc.json'), json({ rules: { 'openai-project-key': 'off' } }));
    expect((await cli(sub, ['-q'])).exitCode).toBe(0);
  });

  test('rules settings apply to the .env lint rules too', async () => {
    const repo = tempRepo();
    repo.write('.env', 'OPENAI_API_KEY=value-with-a-space \n');
    const rules = (run: CliRun) => (run.json.findings as { rule: string; severity: string }[]).map((f) => `${f.rule}:${f.severity}`);
    expect(rules(await cli(repo.dir, ['--format', 'json']))).toEqual(['dotenv-trailing-whitespace:warning']);
    repo.write('scan-keys.config.json', json({ rules: { 'dotenv-trailing-whitespace': 'error' } }));
    const raised = await cli(repo.dir, ['--format', 'json']);
    expect(rules(raised)).toEqual(['dotenv-trailing-whitespace:error']);
    expect(raised.exitCode).toBe(1);
    repo.write('scan-keys.config.json', json({ rules: { 'dotenv-trailing-whitespace': 'off' } }));
    const off = await cli(repo.dir, ['--format', 'json', '--fail-on', 'warning']);
    expect(rules(off)).toEqual([]);
    expect(off.exitCode).toBe(0);
  });

  test('rules: off drops a rule, warning lowers it below --fail-on error; allow drops matching keys', async () => {
    const repo = tempRepo();
    const allowed = fake.openaiProject(820);
    const keys = [allowed, fake.anthropic(821), fake.openaiLegacy(822)];
    repo.write('k.ts', keys.map((k, i) => `const k${i} = "${k}";`).join('\n'));
    repo.write(
      'scan-keys.config.json',
      json({
        rules: { 'anthropic-api-key': 'off', 'openai-legacy-key': 'warning' },
        allow: [`^${allowed.slice(0, 20)}`],
      }),
    );
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.json.findings).toMatchObject([{ rule: 'openai-legacy-key', severity: 'warning' }]);
    expect((await cli(repo.dir, ['-q', '--fail-on', 'warning'])).exitCode).toBe(1);
    expectNoSecret(run, keys);
  });

  test('customRules find what they describe; maxFileSize skips bigger files', async () => {
    const repo = tempRepo();
    const token = `acme_live_${'Zq8xW2pLm4Tn6Rv0Yb3K'}`;
    repo.write('pay.ts', `const t = "${token}";\n`);
    repo.write('big.ts', `${'// filler\n'.repeat(200)}const k = "${fake.openaiProject(830)}";\n`);
    repo.write(
      '.scankeysrc.json',
      json({
        customRules: [{ id: 'acme-live-token', provider: 'acme', pattern: 'acme_live_[A-Za-z0-9]{20}', keywords: ['acme_live_'], severity: 'warning' }],
        maxFileSize: 1000,
      }),
    );
    const run = await cli(repo.dir, ['--format', 'json', '--fail-on', 'warning']);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings).toMatchObject([{ rule: 'acme-live-token', provider: 'acme', severity: 'warning', file: 'pay.ts' }]);
    expect(run.json.summary.skipped).toMatchObject([{ reason: 'too-large' }]);
    expectNoSecret(run, [token]);
  });

  test('the config applies to staged and history scans too', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(840);
    repo.write('fixtures/k.ts', `const k = "${key}";\n`);
    repo.write('scan-keys.config.json', json({ ignore: ['fixtures/'] }));
    repo.git('add', '-A');
    expect((await cli(repo.dir, ['--staged', '-q'])).exitCode).toBe(0);
    repo.git('commit', '-q', '-m', 'fixtures');
    expect((await cli(repo.dir, ['history', '-q'])).exitCode).toBe(0);
    expect((await cli(repo.dir, ['history', '-q', '--config', 'none.json'])).exitCode).toBe(2);
    repo.write('scan-keys.config.json', json({ rules: { 'openai-project-key': 'warning' } }));
    const run = await cli(repo.dir, ['history', '--format', 'json']);
    expect(run.exitCode).toBe(0);
    expect(run.json.findings).toMatchObject([{ file: 'fixtures/k.ts', severity: 'warning' }]);
  });

  const FILE = 'scan-keys.config.json';
  test.each([
    ['an unknown key', { ignores: ['x'] }, `${FILE}: ignores is not a known key (known keys: ignore, rules, customRules, allow, maxFileSize)`],
    ['a wrong type', { ignore: 'dist/' }, `${FILE}: ignore must be an array of strings, not 'dist/'`],
    ['a wrong type in a list', { ignore: ['a', 3] }, `${FILE}: ignore[1] must be a string, not number 3`],
    ['a bad rule setting', { rules: { 'openai-legacy-key': 'warn' } }, `${FILE}: rules.openai-legacy-key must be off, warning or error, not 'warn'`],
    ['an unknown rule id', { rules: { 'openai-lgacy-key': 'off' } }, `${FILE}: rules.openai-lgacy-key is not a known rule id`],
    ['an allow pattern that does not compile', { allow: ['(unclosed'] }, `${FILE}: allow[0] is not a valid regular expression: Unterminated group`],
    [
      'a custom pattern that does not compile',
      { customRules: [{ id: 'x', pattern: '[a-', keywords: ['a'] }] },
      `${FILE}: customRules[0].pattern is not a valid regular expression: Unterminated character class`,
    ],
    ['a custom rule without keywords', { customRules: [{ id: 'x', pattern: 'abc', keywords: [] }] }, `${FILE}: customRules[0].keywords must list at least one`],
    ['a custom rule with an unknown key', { customRules: [{ id: 'x', pattern: 'a', keywords: ['a'], regex: 'a' }] }, `${FILE}: customRules[0].regex is not a known key`],
    ['a custom rule taking a built-in id', { customRules: [{ id: 'anthropic-api-key', pattern: 'a', keywords: ['a'] }] }, `${FILE}: customRules[0].id 'anthropic-api-key' is already`],
    ['a bad maxFileSize', { maxFileSize: -5 }, `${FILE}: maxFileSize must be a positive whole number of bytes, not number -5`],
    ['not an object', ['ignore'], `${FILE}: the config must be a JSON object, not an array`],
  ])('%s is exit 2 with one line naming the file and the key', async (_name, config, message) => {
    const repo = tempRepo();
    repo.write(FILE, json(config));
    const line = expectOneLineError(await cli(repo.dir, ['.']));
    expect(line.startsWith(`scan-keys: ${message}`), line).toBe(true);
    // The same error from every command that scans.
    expect(expectOneLineError(await cli(repo.dir, ['history']))).toBe(line);
  });

  test('JSON that does not parse is exit 2 with the line and column, and the text is not echoed', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(850);
    repo.write('.scankeysrc.json', `{\n  "allow": ["${key}"]\n  "ignore": []\n}\n`);
    const run = await cli(repo.dir, ['.']);
    expect(expectOneLineError(run)).toBe('scan-keys: .scankeysrc.json: not valid JSON at line 3, column 3: comma expected');
    expectNoSecret(run, [key]);
  });

  test('errors in package.json name the "scan-keys" key; --config names the file as given', async () => {
    const repo = tempRepo();
    repo.write('package.json', json({ name: 'x', 'scan-keys': { rules: { 'anthropic-api-key': true } } }));
    expect(expectOneLineError(await cli(repo.dir, ['.']))).toBe(
      "scan-keys: package.json: scan-keys.rules.anthropic-api-key must be off, warning or error, not boolean true",
    );
    repo.write('conf/ci.json', json({ maxFileSize: '1MB' }));
    expect(expectOneLineError(await cli(repo.dir, ['.', '--config', 'conf/ci.json']))).toBe(
      "scan-keys: conf/ci.json: maxFileSize must be a positive whole number of bytes, not '1MB'",
    );
    expect(expectOneLineError(await cli(repo.dir, ['.', '--config', 'nope.json']))).toBe('scan-keys: --config nope.json: no such file');
  });

  test('a config path that is a FIFO, a socket or a folder is a one-line error, not a hung hook', async () => {
    const repo = tempRepo();
    repo.write('a.ts', `const k = "${fake.openaiProject(850)}";\n`);
    repo.git('add', 'a.ts');
    execFileSync('mkfifo', [path.join(repo.dir, 'fifo')]);
    expect(expectOneLineError(cliWithin(10_000, repo.dir, ['--staged', '--config', 'fifo']))).toBe('scan-keys: fifo is not a regular file (it is a FIFO)');
    // Found by the search, the same: passing over it would drop the config without a word.
    execFileSync('mkfifo', [path.join(repo.dir, 'scan-keys.config.json')]);
    expect(expectOneLineError(cliWithin(10_000, repo.dir, ['--staged']))).toBe(
      'scan-keys: scan-keys.config.json is not a regular file (it is a FIFO)',
    );
    rmSync(path.join(repo.dir, 'scan-keys.config.json'));
    mkdirSync(path.join(repo.dir, '.scankeysrc.json'));
    expect(expectOneLineError(cliWithin(10_000, repo.dir, ['--staged']))).toBe('scan-keys: .scankeysrc.json is not a regular file (it is a folder)');
    rmSync(path.join(repo.dir, '.scankeysrc.json'), { recursive: true });
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(path.join(repo.dir, 'package.json'), resolve));
    try {
      expect(expectOneLineError(cliWithin(10_000, repo.dir, ['--staged']))).toBe('scan-keys: package.json is not a regular file (it is a socket)');
    } finally {
      server.close();
    }
    // A symbolic link to a regular config file is still read.
    repo.write('real.json', json({ ignore: ['a.ts'] }));
    execFileSync('ln', ['-s', 'real.json', path.join(repo.dir, 'linked.json')]);
    expect(cliWithin(10_000, repo.dir, ['--staged', '--config', 'linked.json']).exitCode).toBe(0);
  });
});
