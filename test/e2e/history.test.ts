import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { CLI, cli, type CliRun } from '../support/cli.js';
import { type TempRepo, commit, sha, tempDir, tempRepo } from '../support/repo.js';
import { expectNoSecret, expectOneLineError } from '../support/secrets.js';



async function history(repo: TempRepo, ...args: string[]): Promise<CliRun> {
  return cli(repo.dir, ['history', '--format', 'json', ...args]);
}

/** file -> commit sha of each finding, for assertions that read like the history. */
const places = (run: CliRun) =>
  (run.json.findings as { file: string; commit?: { sha: string } }[]).map((f) => ({ file: f.file, sha: f.commit?.sha }));

describe('scan-keys history', () => {
  test('a key added then deleted is found, traced to the commit that added it', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(501);
    commit(repo, 'init', { 'README.md': '# app\n' });
    const added = commit(repo, 'add client', { 'src/client.ts': `// client\nconst apiKey = "${key}";\n` });
    commit(repo, 'read the key from the environment', { 'src/client.ts': '// client\nconst apiKey = process.env.OPENAI_API_KEY;\n' });

    const run = await history(repo);
    expect(run.exitCode).toBe(1);
    expect(run.json.mode).toBe('history');
    expect(run.json.findings).toMatchObject([
      {
        rule: 'openai-project-key',
        file: 'src/client.ts',
        line: 2,
        column: 17,
        commit: { sha: added, author: 'Test User <test@example.invalid>' },
      },
    ]);
    expect(run.json.findings[0].commit.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    // The file no longer holds it: the advice is to rotate and rewrite history, not to edit the file.
    expect(run.json.findings[0].message).toContain('in git history: rotate it at https://platform.openai.com/api-keys');
    // Not a terminal: no progress line, and nothing else to say.
    expect(run.stderr).toBe('');
    expectNoSecret(run, [key]);
  });

  test('the text report groups by key, ends with the remediation plan and prints no key', async () => {
    const repo = tempRepo();
    const key = fake.anthropic(502);
    const first = commit(repo, 'add', { 'a.env': `ANTHROPIC_API_KEY=${key}\n` });
    commit(repo, 'copy', { 'b.env': `ANTHROPIC_API_KEY=${key}\n` });
    commit(repo, 'remove both', { 'a.env': 'ANTHROPIC_API_KEY=\n', 'b.env': 'ANTHROPIC_API_KEY=\n' });

    const short = await cli(repo.dir, ['history']);
    expect(short.exitCode).toBe(1);
    // One line per place, each naming the commit that brought the key there.
    expect(short.stdout.match(/^✖ [ab]\.env:1:19 +anthropic-api-key +sk-ant-api03-…\S+ in [0-9a-f]{12} /gm)).toHaveLength(2);
    expect(short.stdout).toContain(`in ${first.slice(0, 12)}`);
    expectNoSecret(short, [key]);
    const run = await cli(repo.dir, ['history', '--explain']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`in 2 places, first committed in ${first.slice(0, 12)}`);
    expect(run.stdout.match(/\[anthropic-api-key\]  in 2 places/g)).toHaveLength(1);
    const rotate = run.stdout.indexOf('Rotate first');
    const rewrite = run.stdout.indexOf('git filter-repo --replace-text');
    const push = run.stdout.indexOf('git push --force --all');
    expect(rotate).toBeGreaterThan(0);
    expect(rewrite).toBeGreaterThan(rotate);
    expect(push).toBeGreaterThan(rewrite);
    expect(run.stdout).toContain('re-clone');
    expectNoSecret(run, [key]);
  });

  test('a key edited around many times at one path is reported once, with its first commit', async () => {
    const repo = tempRepo();
    const key = fake.openaiLegacy(503);
    const added = commit(repo, 'add', { 'config.js': `module.exports = { key: "${key}" };\n` });
    commit(repo, 'edit 1', { 'config.js': `// v2\nmodule.exports = { key: "${key}" };\n` });
    commit(repo, 'edit 2', { 'config.js': `// v3\n\nmodule.exports = { key: "${key}" };\n` });

    const run = await history(repo);
    expect(places(run)).toEqual([{ file: 'config.js', sha: added }]);
    // Line and column are those of the version first committed.
    expect(run.json.findings[0]).toMatchObject({ line: 1, column: 26 });
    expect(run.json.summary.files).toBe(3);
  });

  test('a key only on a side branch is found, traced to the side commit; revs limit the scan', async () => {
    const repo = tempRepo();
    const key = fake.openaiServiceAccount(504);
    commit(repo, 'init', { 'README.md': 'x\n' });
    repo.git('checkout', '-q', '-b', 'experiment');
    const side = commit(repo, 'try a thing', { 'try.py': `KEY = "${key}"\n` });
    repo.git('checkout', '-q', 'main');
    commit(repo, 'main goes on', { 'README.md': 'y\n' });

    const all = await history(repo);
    expect(places(all)).toEqual([{ file: 'try.py', sha: side }]);

    const mainOnly = await history(repo, 'main');
    expect(mainOnly.exitCode).toBe(0);
    expect(mainOnly.json.findings).toEqual([]);
    expectNoSecret(all, [key]);
  });

  test('a renamed file is reported at both paths: where the key came in, and where the rename put it', async () => {
    const repo = tempRepo();
    const key = fake.openaiAdmin(505);
    const added = commit(repo, 'add', { 'old/settings.ts': `export const admin = "${key}";\n` });
    repo.git('mv', 'old/settings.ts', 'settings.ts');
    repo.git('commit', '-q', '-m', 'move');
    const moved = sha(repo);
    commit(repo, 'remove', { 'settings.ts': 'export const admin = process.env.ADMIN_KEY;\n' });

    const run = await history(repo);
    expect(places(run)).toEqual([
      { file: 'old/settings.ts', sha: added },
      { file: 'settings.ts', sha: moved },
    ]);
    expect(new Set(run.json.findings.map((f: { fingerprint: string }) => f.fingerprint)).size).toBe(1);
  });

  test('a key that only a merge commit adds is traced to the merge; one merged in is traced to its branch', async () => {
    const repo = tempRepo();
    const inMerge = fake.openaiProject(506);
    const fromBranch = fake.anthropicAdmin(507);
    commit(repo, 'init', { 'app.ts': 'export const a = 1;\n' });
    repo.git('checkout', '-q', '-b', 'feature');
    const branchCommit = commit(repo, 'feature', { 'admin.ts': `export const k = "${fromBranch}";\n` });
    repo.git('checkout', '-q', 'main');
    commit(repo, 'main', { 'main.ts': 'export const m = 1;\n' });
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
    repo.write('app.ts', `export const a = "${inMerge}";\n`);
    repo.git('add', 'app.ts');
    repo.git('commit', '-q', '-m', 'merge feature');
    const merge = sha(repo);
    expect(repo.git('rev-list', '--parents', '-n', '1', 'HEAD').trim().split(' ')).toHaveLength(3);

    const run = await history(repo);
    expect(places(run)).toEqual([
      { file: 'admin.ts', sha: branchCommit },
      { file: 'app.ts', sha: merge },
    ]);
    expectNoSecret(run, [inMerge, fromBranch]);
  });

  test('a key only in a tag (an annotated tag on a commit no branch holds) is found', async () => {
    const repo = tempRepo();
    const key = fake.openaiNoneLong(508);
    commit(repo, 'init', { 'README.md': 'x\n' });
    repo.git('checkout', '-q', '--detach');
    const tagged = commit(repo, 'release build', { 'dist/env.js': `window.KEY = "${key}";\n` });
    repo.git('tag', '-a', '-m', 'v1', 'v1.0.0');
    repo.git('checkout', '-q', 'main');
    expect(repo.git('branch', '--contains', tagged).trim()).toBe('');

    const run = await history(repo);
    expect(places(run)).toEqual([{ file: 'dist/env.js', sha: tagged }]);
  });

  test('keys only in the stash are found, in the newest entry and in older ones', async () => {
    const repo = tempRepo();
    const newest = fake.openaiProject(509);
    const older = fake.anthropic(510);
    commit(repo, 'init', { 'app.ts': 'export const a = 1;\n', 'lib.ts': 'export const b = 1;\n' });
    repo.write('lib.ts', `export const b = "${older}";\n`);
    repo.git('stash', '-q');
    repo.write('app.ts', `export const a = "${newest}";\n`);
    repo.git('stash', '-q');
    const [stash0, stash1] = repo.git('stash', 'list', '--format=%H').trim().split('\n');
    expect(repo.git('status', '--porcelain')).toBe('');

    const run = await history(repo);
    expect(places(run)).toEqual([
      { file: 'app.ts', sha: stash0 },
      { file: 'lib.ts', sha: stash1 },
    ]);
    expectNoSecret(run, [newest, older]);
  });

  test('on a terminal, stderr shows the progress (blobs done/total, MB/s, ETA) and clears it; -q keeps it silent', () => {
    const repo = tempRepo();
    commit(repo, 'one', { 'a.ts': 'a\n', 'b.ts': 'b\n' });
    commit(repo, 'two', { 'a.ts': 'a2\n' });
    const out = path.join(tempDir(), 'report.json');
    // script(1) gives the CLI a real terminal; stdout goes to a file, so only stderr reaches the terminal.
    const onTerminal = (...flags: string[]) =>
      spawnSync('script', ['-qec', `'${process.execPath}' '${CLI}' history --format json ${flags.join(' ')} > '${out}'`, '/dev/null'], {
        cwd: repo.dir,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
    const shown = onTerminal();
    expect(shown.status).toBe(0);
    expect(shown.stdout).toMatch(/\rscanning history: 3\/3 blobs, \d+\.\d MB\/s, ETA \d+ s/);
    expect(shown.stdout.endsWith('\r\x1b[K')).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).summary.files).toBe(3);

    const quiet = onTerminal('-q');
    expect(quiet.status).toBe(0);
    expect(quiet.stdout).toBe('');
  });

  test('an empty repository: nothing found, exit 0, and a clear line', async () => {
    const repo = tempRepo();
    const run = await history(repo);
    expect(run.exitCode).toBe(0);
    expect(run.json.findings).toEqual([]);
    expect(run.stderr).toBe('scan-keys: the repository has no commits yet: nothing to scan\n');

    const quiet = await history(repo, '-q');
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  test('a shallow clone: what it holds is scanned, traced to its oldest commit, and it says it is shallow', async () => {
    const origin = tempRepo();
    const early = fake.openaiLegacy(511);
    const gone = fake.openaiProject(512);
    const late = fake.anthropic(513);
    commit(origin, 'one', { 'a.ts': `const a = "${early}";\n`, 'b.ts': `const b = "${gone}";\n` });
    commit(origin, 'two', { 'b.ts': 'const b = process.env.B;\n' });
    const head = commit(origin, 'three', { 'c.ts': `const c = "${late}";\n` });
    const dir = path.join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${origin.dir}`, dir]);

    const run = await cli(dir, ['history', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(places(run)).toEqual([
      { file: 'a.ts', sha: head },
      { file: 'c.ts', sha: head },
    ]);
    expect(run.stderr).toMatch(/^scan-keys: this is a shallow clone: .*git fetch --unshallow.*\n$/);
    expectNoSecret(run, [early, gone, late]);
  });

  test('a bare mirror (git clone --mirror, the usual copy to rewrite) is audited; --staged and a .git folder are one-line errors', async () => {
    const origin = tempRepo();
    const key = fake.openaiAdmin(514);
    const added = commit(origin, 'add', { 'k.ts': `const k = "${key}";\n` });
    commit(origin, 'remove', { 'k.ts': 'const k = process.env.K;\n' });
    const mirror = path.join(tempDir(), 'mirror.git');
    execFileSync('git', ['clone', '-q', '--mirror', `file://${origin.dir}`, mirror]);

    const run = await cli(mirror, ['history', '--format', 'json']);
    expect(run.exitCode).toBe(1);
    expect(places(run)).toEqual([{ file: 'k.ts', sha: added }]);
    expectNoSecret(run, [key]);
    // Nothing is committed from a bare repository: --staged there must not pass as an empty scan.
    expect(expectOneLineError(await cli(mirror, ['--staged']))).toMatch(/^scan-keys: --staged needs a work tree: .* is a bare repository$/);
    expect(expectOneLineError(await cli(path.join(origin.dir, '.git'), ['history']))).toMatch(/is inside a \.git folder, not a work tree/);
  });

  test('a revision that does not exist, a flag as a revision, and no repository are one-line errors', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'a.txt': 'a\n' });
    expect(expectOneLineError(await history(repo, 'no-such-branch'))).toMatch(/^scan-keys: git rev-list failed: .*no-such-branch/);
    expect(expectOneLineError(await cli(repo.dir, ['history', '--', '--all']))).toMatch(/'--all' is not a revision/);
    expect(expectOneLineError(await cli(tempDir(), ['history']))).toMatch(/^scan-keys: history needs a git repository/);
  });
});
