import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { commit, conflictedMerge, tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { plant, run } from '../support/secrets.js';

/**
 * `scan-keys --staged` through the built CLI, in real repositories: what the
 * index holds counts, not the working tree, and only the lines the commit adds.
 */

const KEY = plant.openaiProject(201);
const ANT = plant.anthropic(202);

const staged = (repo: TempRepo, ...args: string[]) => run(repo.dir, ['--staged', '--format', 'json', ...args]);
const filesOf = (json: { findings: { file: string }[] }) => json.findings.map((f) => f.file);

/** A repository with one commit; every test starts from that commit with a clean index and work tree. */
function baseRepo(): TempRepo {
  const repo = tempRepo();
  repo.write('README.md', 'hello\n');
  repo.write('app.ts', 'export const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'base');
  const base = repo.git('rev-parse', 'HEAD').trim();
  afterEach(() => {
    repo.git('reset', '-q', '--hard', base);
    repo.git('clean', '-fdxq');
  });
  return repo;
}

/** Puts `content` in the index for `file` without touching the working tree (what `git add -p` does). */
function stageContent(repo: TempRepo, file: string, content: string): void {
  const scratch = path.join(tempDir(), 'blob');
  writeFileSync(scratch, content);
  const id = repo.git('hash-object', '-w', '--path', file, scratch).trim();
  repo.git('update-index', '--cacheinfo', `100644,${id},${file}`);
}

describe('--staged in a repository with history', () => {
  const repo = baseRepo();

  test('a staged key blocks (exit 1) with the JSON contract fields', async () => {
    repo.write('src/config.ts', `// config\nexport const key = "${KEY}";\n`);
    repo.git('add', 'src/config.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    expect(Object.keys(r.json)).toEqual(['version', 'mode', 'scan', 'findings', 'summary']);
    expect(r.json.version).toBe(1);
    expect(r.json.mode).toBe('staged');
    expect(r.json.findings).toHaveLength(1);
    const [f] = r.json.findings;
    expect(Object.keys(f)).toEqual([
      'kind', 'rule', 'provider', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'redacted', 'fingerprint', 'message',
    ]);
    expect(f).toMatchObject({
      kind: 'secret',
      rule: 'openai-project-key',
      provider: 'openai',
      severity: 'error',
      file: 'src/config.ts',
      line: 2,
      column: 21,
      endLine: 2,
      endColumn: 21 + KEY.length,
      redacted: `sk-proj-…${KEY.slice(-4)}`,
    });
    expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(f.message).toContain('https://platform.openai.com/api-keys');
    expect(r.json.summary).toMatchObject({ files: 1, errors: 1, warnings: 0 });
    expect(r.json.summary.bytes).toBeGreaterThan(KEY.length);
    expect(typeof r.json.summary.durationMs).toBe('number');
  });

  test('the text report names the place, the redacted key and how to unstage', async () => {
    repo.write('src/config.ts', `export const key = "${KEY}";\n`);
    repo.git('add', 'src/config.ts');
    const r = await run(repo.dir, ['--staged']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`✖ src/config.ts:1:21  openai-project-key  sk-proj-…${KEY.slice(-4)} OpenAI project`);
    // Run by hand, not by a hook: nothing was blocked yet.
    expect(r.stdout).toContain('A commit of what is staged would be blocked');
    expect(r.stdout).toContain('git reset -- "src/config.ts"');
    const explained = await run(repo.dir, ['--staged', '--explain']);
    expect(explained.stdout).toContain(`src/config.ts:1:21  sk-proj-…${KEY.slice(-4)}  [openai-project-key]`);
    expect(explained.stdout).toContain(`export const key = "sk-proj-…${KEY.slice(-4)}";`);
    expect(r.stdout).toMatch(/1 problem \(1 error, 0 warnings\)\s+in 1 file, /);
    // The suggested command works, before the first commit too (git restore --staged does not).
    repo.git('reset', '-q', '--', 'src/config.ts');
    expect((await staged(repo)).exitCode).toBe(0);
  });

  test('a key staged then removed from the working tree still blocks', async () => {
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'app.ts');
    repo.write('app.ts', 'const k = process.env.OPENAI_API_KEY;\n');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'app.ts', line: 1, rule: 'openai-project-key' }]);
  });

  test('a key only in the working tree (not staged) passes', async () => {
    repo.write('app.ts', `const k = "${KEY}";\n`);
    repo.write('untracked.ts', `const k = "${ANT}";\n`);
    const r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.findings).toEqual([]);
    expect(r.json.summary.files).toBe(0);
  });

  test('partial staging: the key hunk unstaged passes, the key hunk staged blocks at its staged line', async () => {
    const worktree = `// added on top\nexport const a = 1;\nexport const b = 2;\nexport const c = 3;\nexport const k = "${KEY}";\n`;
    repo.write('app.ts', worktree);
    // Stage only the harmless first hunk, as `git add -p` would.
    stageContent(repo, 'app.ts', '// added on top\nexport const a = 1;\nexport const b = 2;\nexport const c = 3;\n');
    let r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.files).toBe(1);
    // Now stage only the key hunk: in the staged blob it is on line 4, not on line 5 as in the working tree.
    stageContent(repo, 'app.ts', `export const a = 1;\nexport const b = 2;\nexport const c = 3;\nexport const k = "${KEY}";\n`);
    r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'app.ts', line: 4, column: 19 }]);
  });

  test('partial staging through a real add then rewrite: the staged version counts both ways', async () => {
    repo.write('both.ts', `one\nconst k = "${ANT}";\n`);
    repo.git('add', 'both.ts');
    repo.write('both.ts', 'one\nconst k = process.env.KEY;\n');
    expect((await staged(repo)).exitCode).toBe(1);
    repo.git('add', 'both.ts');
    repo.write('both.ts', `one\nconst k = "${ANT}";\n`);
    expect((await staged(repo)).exitCode).toBe(0);
  });

  test('odd file names are scanned and reported with their real path', async () => {
    const names = ['with space.ts', 'q"uote.ts', "it's.ts", 'new\nline.ts', 'ünïcødé 鍵.ts', '-leading-dash.ts', '*.ts', 'back\\slash.ts', 'dir with space/[x].ts'];
    for (const name of names) repo.write(name, `k = "${KEY}"\n`);
    repo.git('add', '--', ...names);
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    // Shown as they are, but a control character as a visible escape: a newline in a name cannot forge a line.
    const visible = (n: string) => n.replace('\n', '\\n');
    expect(filesOf(r.json).sort()).toEqual(names.map(visible).sort());
    // And each one alone, passed as a path: `*` and `[x]` are literal names, not patterns.
    const one = await staged(repo, '--', '*.ts');
    expect(filesOf(one.json)).toEqual(['*.ts']);
    const dashed = await staged(repo, '--', '-leading-dash.ts');
    expect(filesOf(dashed.json)).toEqual(['-leading-dash.ts']);
  });

  test('odd file names that are modified (not added) get their added lines right', async () => {
    const names = ['q"uote.ts', 'new\nline.ts', 'ünï.ts'];
    for (const name of names) repo.write(name, 'a\nb\n');
    repo.git('add', '--', ...names);
    repo.git('commit', '-qm', 'odd names');
    for (const name of names) repo.write(name, `a\nb\nk = "${KEY}"\n`);
    repo.git('add', '--', ...names);
    const r = await staged(repo);
    expect(r.json.findings.map((f: { file: string; line: number }) => [f.file, f.line]).sort()).toEqual(
      names.map((n) => [n.replace('\n', '\\n'), 3]).sort(),
    );
  });

  test('only added lines count: a key already committed does not block an unrelated edit; --all-lines does', async () => {
    repo.write('old.ts', `const k = "${KEY}";\nconst x = 1;\n`);
    repo.git('add', 'old.ts');
    repo.git('commit', '-qm', 'a key that slipped in');
    repo.write('old.ts', `const k = "${KEY}";\nconst x = 2;\n`);
    repo.git('add', 'old.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.findings).toEqual([]);
    const all = await staged(repo, '--all-lines');
    expect(all.exitCode).toBe(1);
    expect(all.json.findings).toMatchObject([{ file: 'old.ts', line: 1 }]);
  });

  test('a key added below an old one is reported alone, on its own line', async () => {
    repo.write('old.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'old.ts');
    repo.git('commit', '-qm', 'old key');
    repo.write('old.ts', `const k = "${KEY}";\nconst j = "${ANT}";\n`);
    repo.git('add', 'old.ts');
    const r = await staged(repo);
    expect(r.json.findings).toMatchObject([{ line: 2, rule: 'anthropic-api-key' }]);
  });

  test('a renamed file holding an old key adds no lines: exit 0 (and 1 with --all-lines)', async () => {
    repo.write('secret.ts', `const k = "${KEY}";\n${'const filler = 1;\n'.repeat(20)}`);
    repo.git('add', 'secret.ts');
    repo.git('commit', '-qm', 'old key');
    repo.git('mv', 'secret.ts', 'renamed file.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.files).toBe(1);
    const all = await staged(repo, '--all-lines');
    expect(all.exitCode).toBe(1);
    expect(filesOf(all.json)).toEqual(['renamed file.ts']);
    // A rename with an edit: only the edited line is new.
    repo.write('renamed file.ts', `const k = "${KEY}";\n${'const filler = 1;\n'.repeat(20)}const added = "${ANT}";\n`);
    repo.git('add', '-A');
    const edited = await staged(repo);
    expect(edited.json.findings).toMatchObject([{ file: 'renamed file.ts', line: 22, rule: 'anthropic-api-key' }]);
  });

  test('a text file that .gitattributes marks binary (-diff, binary) still blocks on its added lines', async () => {
    repo.write('.gitattributes', '*.lock -diff\n*.min.js binary\n');
    repo.write('deps.lock', `old\nold = "${ANT}"\n`);
    repo.write('app.min.js', 'var a=1;\n');
    repo.write('old name.min.js', `var keep="${ANT}";\n${'var filler=1;\n'.repeat(20)}`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'attributes');
    repo.write('deps.lock', `old\nold = "${ANT}"\nnew = "${KEY}"\n`);
    repo.write('app.min.js', `var a=1;var k="${KEY}";\n`);
    repo.git('mv', 'old name.min.js', 'new name.min.js');
    repo.write('new name.min.js', `var keep="${ANT}";\n${'var filler=1;\n'.repeat(20)}var k="${KEY}";\n`);
    repo.git('add', '.');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings.map((f: { file: string; line: number; rule: string }) => [f.file, f.line, f.rule])).toEqual([
      ['app.min.js', 1, 'openai-project-key'],
      ['deps.lock', 3, 'openai-project-key'],
      ['new name.min.js', 22, 'openai-project-key'],
    ]);
  });

  test('inline allow directives let a staged line through', async () => {
    repo.write('docs.md', [
      `example: ${KEY} <!-- scan-keys:allow -->`,
      '<!-- scan-keys:allow-next-line -->',
      `${ANT}`,
      `legacy: ${KEY} # gitleaks:allow`,
      `detect: ${ANT}  # pragma: allowlist secret`,
      `reported: ${KEY}`,
      '',
    ].join('\n'));
    repo.git('add', 'docs.md');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'docs.md', line: 6 }]);
  });

  test('a deleted file is not scanned', async () => {
    repo.write('gone.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'gone.ts');
    repo.git('commit', '-qm', 'key');
    repo.git('rm', '-q', 'gone.ts');
    expect((await staged(repo, '--all-lines')).exitCode).toBe(0);
  });

  test('lint-staged style: absolute paths limit the scan to those files', async () => {
    repo.write('a.ts', `const k = "${KEY}";\n`);
    repo.write('sub/b.ts', `const k = "${ANT}";\n`);
    repo.git('add', '.');
    const onlyB = await staged(repo, path.join(repo.dir, 'sub/b.ts'));
    expect(onlyB.exitCode).toBe(1);
    expect(filesOf(onlyB.json)).toEqual(['sub/b.ts']);
    const both = await staged(repo, path.join(repo.dir, 'a.ts'), path.join(repo.dir, 'sub/b.ts'));
    expect(filesOf(both.json)).toEqual(['a.ts', 'sub/b.ts']);
    const clean = await staged(repo, path.join(repo.dir, 'README.md'));
    expect(clean.exitCode).toBe(0);
  });

  test('run from a subfolder: paths are relative to it, files reported from the root', async () => {
    repo.write('a.ts', `const k = "${KEY}";\n`);
    repo.write('sub/b.ts', `const k = "${ANT}";\n`);
    repo.git('add', '.');
    const all = await run(path.join(repo.dir, 'sub'), ['--staged', '--format', 'json']);
    expect(filesOf(all.json)).toEqual(['a.ts', 'sub/b.ts']);
    const here = await run(path.join(repo.dir, 'sub'), ['--staged', '--format', 'json', 'b.ts']);
    expect(filesOf(here.json)).toEqual(['sub/b.ts']);
  });

  test('a staged binary file and a staged symlink are skipped and listed; the link is not followed', async () => {
    const outside = tempDir();
    repo.write('bin.dat', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(KEY)]));
    symlinkSync(path.join(outside, 'target.ts'), path.join(repo.dir, 'link.ts'));
    repo.git('add', 'bin.dat', 'link.ts');
    const r = await staged(repo, '--all-lines');
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.skipped).toEqual(
      expect.arrayContaining([
        { file: 'bin.dat', reason: 'binary' },
        { file: 'link.ts', reason: 'symlink' },
      ]),
    );
    expect(r.json.summary.skipped).toHaveLength(2);
    const text = await run(repo.dir, ['--staged']);
    expect(text.stdout).toContain('skipped 1 binary file: bin.dat');
    expect(text.stdout).toContain('skipped 1 symbolic link: link.ts');
  });

  test('the same key has the same fingerprint staged and in a folder scan', async () => {
    repo.write('fp.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'fp.ts');
    const a = await staged(repo);
    const b = await run(repo.dir, ['--format', 'json', 'fp.ts']);
    expect(a.json.findings[0].fingerprint).toBe(b.json.findings[0].fingerprint);
    expect(a.json.findings[0].redacted).toBe(b.json.findings[0].redacted);
  });

  test('--fail-on never reports but exits 0', async () => {
    repo.write('a.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'a.ts');
    const r = await staged(repo, '--fail-on', 'never');
    expect(r.exitCode).toBe(0);
    expect(r.json.findings).toHaveLength(1);
  });
});

describe('--staged on the very first commit (no HEAD)', () => {
  test('a staged key blocks, a clean file passes', async () => {
    const repo = tempRepo();
    repo.write('clean.ts', 'export {};\n');
    repo.git('add', 'clean.ts');
    const clean = await staged(repo);
    expect(clean.exitCode).toBe(0);
    expect(clean.json.summary.files).toBe(1);
    repo.write('first.ts', `const k = "${KEY}";\n`);
    repo.git('add', 'first.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'first.ts', line: 1 }]);
  });

  test('in a sha256 repository too (the empty tree and ids are longer)', async () => {
    const repo = tempRepo({ init: false });
    repo.git('init', '-q', '--object-format=sha256', '-b', 'main');
    repo.git('config', 'user.name', 'Test User');
    repo.git('config', 'user.email', 'test@example.invalid');
    repo.write('a.ts', `const k = "${ANT}";\n`);
    repo.git('add', 'a.ts');
    expect((await staged(repo)).json.findings).toMatchObject([{ file: 'a.ts', line: 1 }]);
    repo.git('commit', '-qm', 'first');
    repo.write('a.ts', `const k = "${ANT}";\nconst j = "${KEY}";\n`);
    repo.git('add', 'a.ts');
    expect((await staged(repo)).json.findings).toMatchObject([{ file: 'a.ts', line: 2, rule: 'openai-project-key' }]);
  });

  test('an empty repository with nothing staged passes', async () => {
    const repo = tempRepo();
    const r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.findings).toEqual([]);
  });
});

describe('--staged errors', () => {
  test('outside a repository: exit 2, one line on stderr, no stack', async () => {
    const dir = tempDir();
    const r = await run(dir, ['--staged']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`scan-keys: --staged needs a git repository (no .git found above ${dir})\n`);
  });

  test('a path outside the repository: exit 2, one line that names the git command', async () => {
    const repo = tempRepo();
    const elsewhere = tempDir();
    const r = await run(repo.dir, ['--staged', elsewhere]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^scan-keys: git diff-index failed: fatal: .*outside repository.*\n$/);
  });

  test('a path neither staged nor tracked: exit 2, one line that names it, as a folder scan does for a missing path', async () => {
    const repo = tempRepo();
    repo.write('tracked.ts', 'export {};\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('never-added.ts', `const k = "${KEY}";\n`);
    for (const missing of ['no-such-file.ts', 'never-added.ts', path.join(repo.dir, 'no-such-dir')]) {
      const r = await run(repo.dir, ['--staged', 'tracked.ts', missing]);
      expect(r.stdout, missing).toBe('');
      expect(r.stderr, missing).toBe(`scan-keys: ${missing}: neither staged nor tracked by git, so --staged has nothing to scan there\n`);
      expect(r.exitCode, missing).toBe(2);
    }
  });

  test('a tracked path with nothing staged, a folder, and a path staged for deletion are fine (exit 0)', async () => {
    const repo = tempRepo();
    repo.write('src/a.ts', 'export {};\n');
    repo.write('old.ts', 'export {};\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.git('rm', '-q', 'old.ts');
    const r = await run(repo.dir, ['--staged', 'src/a.ts', 'src', 'old.ts', '.']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  test('inside the .git folder: exit 2, one line', async () => {
    const repo = tempRepo();
    const r = await run(path.join(repo.dir, '.git'), ['--staged']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--staged during a merge', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo();
    conflictedMerge(repo, 'conflict.ts', () => commit(repo, 'feature file', { 'feature.ts': 'export const feature = true;\n' }));
  });

  test('MERGE_HEAD is present and a key in the resolution blocks', async () => {
    expect(repo.git('rev-parse', '-q', '--verify', 'MERGE_HEAD').trim()).toMatch(/^[0-9a-f]{40}$/);
    repo.write('conflict.ts', `const v = "${KEY}";\n`);
    repo.git('add', 'conflict.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['conflict.ts']);
  });

  test('a clean resolution passes', async () => {
    repo.write('conflict.ts', 'const v = 3;\n');
    repo.git('add', 'conflict.ts');
    const r = await staged(repo);
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.files).toBe(2); // conflict.ts and feature.ts, new against HEAD
  });
});

describe('--staged in a git worktree', () => {
  test('scans the worktree\'s own index, not the main one', async () => {
    const main = tempRepo();
    main.write('a.ts', 'export {};\n');
    main.git('add', '.');
    main.git('commit', '-qm', 'base');
    const wtDir = path.join(tempDir(), 'linked tree');
    main.git('worktree', 'add', '-q', '-b', 'side', wtDir);
    const wt = tempRepo({ init: false, dir: wtDir });
    wt.write('side.ts', `const k = "${KEY}";\n`);
    wt.git('add', 'side.ts');
    const r = await staged(wt);
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['side.ts']);
    expect((await staged(main)).exitCode).toBe(0);
    // lint-staged in a worktree passes absolute paths too.
    const abs = await staged(wt, path.join(wtDir, 'side.ts'));
    expect(filesOf(abs.json)).toEqual(['side.ts']);
  });
});

describe('--staged with submodules', () => {
  let sup: TempRepo;
  let sub: TempRepo;
  beforeAll(() => {
    const lib = tempRepo();
    lib.write('lib.ts', 'export const lib = 1;\n');
    lib.git('add', '.');
    lib.git('commit', '-qm', 'lib');
    sup = tempRepo();
    sup.write('main.ts', 'export {};\n');
    sup.git('add', '.');
    sup.git('commit', '-qm', 'base');
    sup.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'vendor/lib');
    sup.git('commit', '-qm', 'add submodule');
    sub = tempRepo({ init: false, dir: path.join(sup.dir, 'vendor/lib') });
    sub.git('config', 'user.name', 'Test User');
    sub.git('config', 'user.email', 'test@example.invalid');
  });

  test('inside a submodule, its own staged key blocks, with the path from the submodule root', async () => {
    sub.write('leak.ts', `const k = "${ANT}";\n`);
    sub.git('add', 'leak.ts');
    const r = await staged(sub);
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['leak.ts']);
    sub.git('reset', '-q', '--hard');
    sub.git('clean', '-fdq');
  });

  test('in the superproject, a staged submodule pointer is not content and does not fail', async () => {
    sub.write('more.ts', 'export const more = 2;\n');
    sub.git('add', 'more.ts');
    sub.git('commit', '-qm', 'more');
    sup.git('add', 'vendor/lib');
    sup.write('main.ts', `const k = "${KEY}";\n`);
    sup.git('add', 'main.ts');
    const r = await staged(sup);
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['main.ts']);
  });
});
