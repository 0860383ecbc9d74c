import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliUnprivileged } from '../support/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { expectNoLeak, plant, run } from '../support/secrets.js';

/**
 * Never a silent pass: every file a scan was asked to cover and did not read
 * is counted and listed as skipped, with its reason, in every format, and a
 * quiet run still says how many there were.
 */

const KEY = plant.openaiProject(501);
const ANT = plant.anthropic(502);
const LEGACY = plant.openaiLegacy(503);

interface Skip {
  file: string;
  reason: string;
  detail?: string;
}
const json = (cwd: string, ...args: string[]) => run(cwd, ['--format', 'json', ...args]);
const skipsOf = (doc: { summary: { skipped: Skip[] } }) => doc.summary.skipped.map((s) => `${s.file} ${s.reason}`).sort();

/** A UNIX socket at `file`, listening until the test file ends. */
const sockets: Server[] = [];
afterAll(() => {
  for (const s of sockets.splice(0)) s.close();
});
async function socketAt(file: string): Promise<void> {
  const server = createServer();
  sockets.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
}

describe('outside git: a folder walk reads every name and lists what is not a file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = tempDir();
    writeFileSync(path.join(dir, 'plain.ts'), `const k = "${KEY}";\n`);
    writeFileSync(path.join(dir, 'line\nbreak.ts'), `const k = "${ANT}";\n`);
    mkdirSync(path.join(dir, 'car\rriage'));
    writeFileSync(path.join(dir, 'car\rriage', 'inner.ts'), `const k = "${LEGACY}";\n`);
    // A FIFO with no writer: opening it for reading would block for ever.
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    await socketAt(path.join(dir, 'sock'));
    symlinkSync(path.join(dir, 'plain.ts'), path.join(dir, 'link.ts'));
  });

  test('names holding a newline or a carriage return, of files and of folders, are read like any other', async () => {
    const r = await json(dir);
    expect(r.exitCode).toBe(1);
    // Read and reported, with the control character shown as an escape: a name cannot forge a line of output.
    expect(r.json.findings.map((f: { file: string }) => f.file)).toEqual(['car\\rriage/inner.ts', 'line\\nbreak.ts', 'plain.ts']);
    expect(r.json.summary.files).toBe(3);
  });

  test('a FIFO, a socket and a symbolic link met in the walk are listed as skipped, with their reason', async () => {
    const r = await json(dir);
    expect(skipsOf(r.json)).toEqual(['link.ts symlink', 'pipe fifo', 'sock socket']);
    const text = await run(dir, []);
    expect(text.stdout).toContain('skipped 1 FIFO: pipe');
    expect(text.stdout).toContain('skipped 1 socket: sock');
    expect(text.stdout).toContain('skipped 1 symbolic link: link.ts');
  });

  test('each named on the command line is listed as skipped, not "0 files", and the FIFO is never opened', async () => {
    for (const [name, reason] of [
      ['pipe', 'fifo'],
      ['sock', 'socket'],
      ['link.ts', 'symlink'],
    ] as const) {
      const r = await json(dir, name);
      expect(r.exitCode, name).toBe(0);
      expect(r.json.summary.skipped, name).toEqual([{ file: name, reason }]);
      expect(r.json.summary.files, name).toBe(0);
    }
    const text = await run(dir, ['pipe', 'plain.ts']);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toContain('skipped 1 FIFO: pipe');
  });

  test('every format lists the skipped files', async () => {
    const text = await run(dir, ['pipe']);
    expect(text.stdout).toContain('skipped 1 FIFO: pipe');
    const doc = await json(dir, 'pipe');
    expect(doc.json.summary.skipped).toEqual([{ file: 'pipe', reason: 'fifo' }]);
    const sarif = await run(dir, ['pipe', '--format', 'sarif']);
    expect(JSON.parse(sarif.stdout).runs[0].invocations[0].toolExecutionNotifications).toMatchObject([
      { level: 'note', message: { text: 'Not scanned (fifo): pipe' } },
    ]);
    const github = await run(dir, ['pipe', '--format', 'github']);
    expect(github.stdout.split('\n')).toContain('::notice title=scan-keys%3A not scanned::skipped 1 FIFO: pipe');
    const html = await run(dir, ['pipe', '--format', 'html']);
    expect(html.stdout).toMatch(/<section id="skipped">.*<span class="file">pipe<\/span> <span class="muted">fifo<\/span>/s);
  });

  test('-q: the findings, and one line on stderr that says how many files were skipped and why', async () => {
    const r = await run(dir, ['-q']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).not.toContain('skipped');
    expect(r.stderr).toMatch(/^scan-keys: skipped 3 files \([^)]*\); run without -q to list them\n$/);
    for (const part of ['1 FIFO', '1 socket', '1 symbolic link']) expect(r.stderr).toContain(part);
    const github = await run(dir, ['pipe', '-q', '--format', 'github']);
    expect(github.stdout).toBe('');
    expect(github.stderr).toBe('scan-keys: skipped 1 file (1 FIFO); run without -q to list them\n');
  });

  test('a name that is not UTF-8 is listed as skipped (and its neighbours are still read)', async () => {
    const odd = tempDir();
    writeFileSync(Buffer.concat([Buffer.from(`${odd}/bad-`), Buffer.from([0xff]), Buffer.from('.ts')]), `const k = "${KEY}";\n`);
    writeFileSync(path.join(odd, 'good.ts'), `const k = "${KEY}";\n`);
    const r = await json(odd);
    expect(r.json.findings.map((f: { file: string }) => f.file)).toEqual(['good.ts']);
    expect(r.json.summary.skipped).toEqual([{ file: 'bad-\uFFFD.ts', reason: 'bad-name', detail: 'its name is not valid UTF-8' }]);
  });
});

/**
 * Files and folders this user may not read. chmod 000 does not stop root, so
 * cliUnprivileged runs the CLI without root's power to ignore permissions.
 */
describe('unreadable files and folders', () => {
  const locked: string[] = [];
  const lock = (p: string) => {
    chmodSync(p, 0);
    locked.push(p);
  };
  afterAll(() => {
    for (const p of locked.splice(0)) chmodSync(p, 0o755);
  });

  test('outside git: listed as unreadable with the cause, and under -q counted on stderr', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ok.ts'), 'export {};\n');
    writeFileSync(path.join(dir, 'locked.ts'), `const k = "${KEY}";\n`);
    mkdirSync(path.join(dir, 'locked-dir'));
    writeFileSync(path.join(dir, 'locked-dir', 'inner.ts'), `const k = "${ANT}";\n`);
    lock(path.join(dir, 'locked.ts'));
    lock(path.join(dir, 'locked-dir'));
    const r = await cliUnprivileged(dir, ['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.files).toBe(1);
    expect(r.json.summary.skipped).toEqual(
      expect.arrayContaining([
        { file: 'locked.ts', reason: 'unreadable', detail: 'EACCES' },
        { file: 'locked-dir/', reason: 'unreadable', detail: 'could not open the folder: EACCES' },
      ]),
    );
    expect(r.json.summary.skipped).toHaveLength(2);
    const quiet = await cliUnprivileged(dir, ['-q']);
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('scan-keys: skipped 2 files (2 unreadable); run without -q to list them\n');
    const text = await cliUnprivileged(dir, []);
    expect(text.stdout).toContain('skipped 2 unreadable files: ');
    expect(text.stdout).toContain('locked.ts (EACCES)');
    expectNoLeak(r.stdout, r.stderr, quiet.stdout, quiet.stderr, text.stdout, text.stderr);
  });

  test('inside git: a folder git could not open and a tracked file that cannot be read are listed, not swallowed', async () => {
    const repo: TempRepo = tempRepo();
    repo.write('ok.ts', 'export {};\n');
    repo.write('locked.ts', 'export {};\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('private/notes.md', `key: ${KEY}\n`);
    lock(path.join(repo.dir, 'private'));
    lock(path.join(repo.dir, 'locked.ts'));
    const r = await cliUnprivileged(repo.dir, ['--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.json.summary.skipped).toEqual(
      expect.arrayContaining([
        { file: 'private/', reason: 'unreadable', detail: 'git could not open the folder: Permission denied' },
        { file: 'locked.ts', reason: 'unreadable', detail: 'EACCES' },
      ]),
    );
    expect(r.json.summary.skipped).toHaveLength(2);
    const quiet = await cliUnprivileged(repo.dir, ['-q']);
    expect(quiet.stderr).toBe('scan-keys: skipped 2 files (2 unreadable); run without -q to list them\n');
    expectNoLeak(r.stdout, r.stderr, quiet.stdout, quiet.stderr);
  });
});

describe('inside git: what git lists and a scan does not read', () => {
  test('a tracked symbolic link (and an untracked one) is listed as skipped: symbolic link', async () => {
    const repo = tempRepo();
    repo.write('app.ts', 'export {};\n');
    symlinkSync('app.ts', path.join(repo.dir, 'tracked-link.ts'));
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    expect(repo.git('ls-files', '-s', 'tracked-link.ts')).toMatch(/^120000 /);
    symlinkSync('app.ts', path.join(repo.dir, 'untracked-link.ts'));
    const r = await json(repo.dir);
    expect(r.exitCode).toBe(0);
    expect(skipsOf(r.json)).toEqual(['tracked-link.ts symlink', 'untracked-link.ts symlink']);
    const text = await run(repo.dir, []);
    expect(text.stdout).toContain('skipped 2 symbolic links: ');
  });

  // With 300 more files the reader threads read them (256 and up), and check the folders there.
  test.each([
    ['the main thread', 0],
    ['the reader threads', 300],
  ])('a tracked folder replaced by a link out of the repository is never read through, at any depth, and listed (read by %s)', async (_readers, filler) => {
    const repo = tempRepo();
    for (let i = 0; i < filler; i++) repo.write(`fill/f${i}.txt`, `${i}\n`);
    repo.write('keys/app.ts', 'export {};\n');
    repo.write('deep/er/app.ts', 'export {};\n');
    repo.write('inner/app.ts', 'export {};\n');
    repo.write('top/mid/leaf/app.ts', 'export {};\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    const outside = tempDir();
    writeFileSync(path.join(outside, 'app.ts'), `const k = "${KEY}";\n`);
    // A link two folders above the tracked file: its own folder's path still looks like one inside the tree.
    const far = tempDir();
    mkdirSync(path.join(far, 'mid', 'leaf'), { recursive: true });
    writeFileSync(path.join(far, 'mid', 'leaf', 'app.ts'), `const k = "${KEY}";\n`);
    rmSync(path.join(repo.dir, 'top'), { recursive: true });
    symlinkSync(far, path.join(repo.dir, 'top'));
    for (const folder of ['keys', 'deep/er']) {
      rmSync(path.join(repo.dir, folder), { recursive: true });
      symlinkSync(outside, path.join(repo.dir, folder));
    }
    // A link to a folder inside the repository stays inside: its files are read.
    mkdirSync(path.join(repo.dir, 'real'));
    writeFileSync(path.join(repo.dir, 'real', 'app.ts'), `const k = "${ANT}";\n`);
    rmSync(path.join(repo.dir, 'inner'), { recursive: true });
    symlinkSync(path.join(repo.dir, 'real'), path.join(repo.dir, 'inner'));
    const r = await json(repo.dir);
    // The links themselves are untracked files that are links; the files git tracks below two of them are not read.
    expect(skipsOf(r.json)).toEqual([
      'deep/er symlink',
      'deep/er/app.ts symlink',
      'inner symlink',
      'keys symlink',
      'keys/app.ts symlink',
      'top symlink',
      'top/mid/leaf/app.ts symlink',
    ]);
    expect(r.json.findings.map((f: { file: string }) => f.file)).toEqual(['inner/app.ts', 'real/app.ts']);
  });

  test('a FIFO or socket named on the command line inside a repository is listed as skipped', async () => {
    const repo = tempRepo();
    execFileSync('mkfifo', [path.join(repo.dir, 'pipe')]);
    await socketAt(path.join(repo.dir, 'sock'));
    const r = await json(repo.dir, 'pipe', 'sock');
    expect(r.exitCode).toBe(0);
    expect(skipsOf(r.json)).toEqual(['pipe fifo', 'sock socket']);
  });
});
