import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { CLI, cli } from '../support/cli.js';
import { conflictedMerge, tempDir, tempRepo, testEnv, type TempRepo } from '../support/repo.js';
import { expectNoLeak, plant, run } from '../support/secrets.js';

/** `scan-keys [paths...]` through the built CLI: which files a folder scan covers, and how it reports. */

const KEY = plant.openaiProject(301);
const ANT = plant.anthropicAdmin(302);
const LEGACY = plant.openaiLegacy(303);

const json = (cwd: string, ...args: string[]) => run(cwd, ['--format', 'json', ...args]);
const filesOf = (doc: { findings: { file: string }[] }) => doc.findings.map((f) => f.file);
const ESC = '\u001b[';

describe('folder scan inside git', () => {
  let repo: TempRepo;
  let outside: string;
  beforeAll(() => {
    repo = tempRepo();
    outside = tempDir();
    writeFileSync(path.join(outside, 'secret.ts'), `const k = "${ANT}";\n`);
    mkdirSync(path.join(outside, 'dir'));
    writeFileSync(path.join(outside, 'dir', 'inner.ts'), `const k = "${ANT}";\n`);
    repo.write('.gitignore', 'ignored.ts\nbuild/\n');
    repo.write('tracked.ts', `const k = "${KEY}";\n`);
    repo.write('src/clean.ts', 'export {};\n');
    repo.write('linked/inner.ts', 'export {};\n');
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('untracked.ts', `const k = "${LEGACY}";\n`);
    repo.write('ignored.ts', `const k = "${KEY}";\n`);
    repo.write('build/out.js', `var k="${KEY}";\n`);
    // A symlink to a file outside the tree, and a tracked folder replaced by a symlink to an outside folder.
    symlinkSync(path.join(outside, 'secret.ts'), path.join(repo.dir, 'link.ts'));
    rmSync(path.join(repo.dir, 'linked'), { recursive: true });
    symlinkSync(path.join(outside, 'dir'), path.join(repo.dir, 'linked'));
  });

  test('scans tracked and untracked-not-ignored files, not ignored ones, and follows no symlink', async () => {
    const r = await json(repo.dir);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    expect(filesOf(r.json)).toEqual(['tracked.ts', 'untracked.ts']);
    expect(r.json.mode).toBe('files');
    expect(r.json.summary).toMatchObject({ errors: 2, warnings: 0 });
  });

  test('a subfolder argument limits the scan; paths stay relative to the repository root', async () => {
    repo.write('src/deep/key.ts', `k = "${KEY}"\n`);
    const r = await json(repo.dir, 'src');
    expect(filesOf(r.json)).toEqual(['src/deep/key.ts']);
    const fromSub = await json(path.join(repo.dir, 'src'), 'deep');
    expect(filesOf(fromSub.json)).toEqual(['src/deep/key.ts']);
    rmSync(path.join(repo.dir, 'src/deep'), { recursive: true });
  });

  test('a file named explicitly is scanned even when ignored', async () => {
    const r = await json(repo.dir, 'ignored.ts', 'build/out.js');
    expect(filesOf(r.json)).toEqual(['build/out.js', 'ignored.ts']);
  });

  test('a file named twice (directly and through its folder) is reported once', async () => {
    const r = await json(repo.dir, 'tracked.ts', '.', './tracked.ts');
    expect(filesOf(r.json)).toEqual(['tracked.ts', 'untracked.ts']);
  });

  test('a file with a merge conflict (three index entries) is read and reported once', async () => {
    const merging = tempRepo();
    conflictedMerge(merging, 'conflict.ts');
    expect(merging.git('ls-files', '--cached').split('\n').filter((l) => l === 'conflict.ts')).toHaveLength(3);
    merging.write('conflict.ts', `const v = "${KEY}";\n`);
    const r = await json(merging.dir, '.');
    expect(filesOf(r.json)).toEqual(['conflict.ts']);
    expect(r.json.summary.files).toBe(1);
  });

  test('a path that does not exist: exit 2, one line', async () => {
    const r = await run(repo.dir, ['no-such-file.ts']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('scan-keys: no-such-file.ts: no such file or folder\n');
  });
});

describe('folder scan with submodules', () => {
  test('a checked-out submodule is scanned, with paths from the top repository; one not checked out is passed over', async () => {
    const lib = tempRepo();
    lib.write('k.ts', `const k = "${LEGACY}";\n`);
    lib.git('add', 'k.ts');
    lib.git('commit', '-qm', 'key');
    const sup = tempRepo();
    sup.write('a.ts', 'export {};\n');
    sup.git('add', 'a.ts');
    sup.git('commit', '-qm', 'a');
    sup.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', lib.dir, 'vendor/lib');
    sup.git('commit', '-qm', 'add submodule');

    const top = await json(sup.dir);
    expect(top.exitCode).toBe(1);
    expect(filesOf(top.json)).toEqual(['vendor/lib/k.ts']);
    expect(filesOf((await json(sup.dir, 'vendor')).json)).toEqual(['vendor/lib/k.ts']);
    // Inside the submodule, paths are its own.
    expect(filesOf((await json(path.join(sup.dir, 'vendor/lib'))).json)).toEqual(['k.ts']);

    // A clone without --recurse-submodules has an empty folder where the submodule goes.
    const clone = path.join(tempDir(), 'clone');
    execFileSync('git', ['clone', '-q', sup.dir, clone], { env: testEnv() });
    const bare = await json(clone);
    expect(bare.exitCode).toBe(0);
    expect(bare.stderr).toBe('');
  });
});

describe('folder scan outside git', () => {
  let dir: string;
  const write = (file: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  beforeAll(() => {
    dir = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(outside, 'secret.ts'), `const k = "${ANT}";\n`);
    write('app.ts', `const k = "${KEY}";\n`);
    write('.gitignore', '*.log\n/local/\n');
    write('debug.log', `k=${KEY}\n`);
    write('local/env.ts', `k=${KEY}\n`);
    write('pkg/.gitignore', 'generated.ts\n');
    write('pkg/generated.ts', `k=${KEY}\n`);
    write('pkg/kept.ts', `k=${LEGACY}\n`);
    write('node_modules/dep/index.js', `k="${KEY}"\n`);
    write('.hidden/config.json', `{"k":"${ANT}"}\n`);
    symlinkSync(path.join(outside, 'secret.ts'), path.join(dir, 'link.ts'));
    symlinkSync(outside, path.join(dir, 'linked-dir'));
  });

  test('honours .gitignore files at every level, skips node_modules, and follows no symlink', async () => {
    const r = await json(dir);
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['.hidden/config.json', 'app.ts', 'pkg/kept.ts']);
  });

  test('paths are relative to the folder scanned', async () => {
    const r = await json(dir, 'pkg');
    expect(filesOf(r.json)).toEqual(['kept.ts']);
  });

  test('without git installed, a folder is still scanned, .gitignore files honoured', async () => {
    // Only node on PATH: the scan cannot ask git, and needs not.
    const bin = tempDir();
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const r = await run(dir, ['--format', 'json'], { PATH: bin });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('');
    expect(filesOf(r.json)).toEqual(['.hidden/config.json', 'app.ts', 'pkg/kept.ts']);
  });

  test('with several folders or files, each path keeps the argument it came from', async () => {
    const r = await json(dir, 'pkg', './.hidden/', 'debug.log');
    expect(filesOf(r.json)).toEqual(['.hidden/config.json', 'debug.log', 'pkg/kept.ts']);
  });

  test('a file named explicitly is scanned even when ignored', async () => {
    const r = await json(dir, 'debug.log');
    expect(r.exitCode).toBe(1);
    expect(filesOf(r.json)).toEqual(['debug.log']);
  });
});

describe('skipped files', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(path.join(dir, 'image.bin'), Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x0d]), Buffer.from(KEY)]));
    // One byte over the 10 MB cap, with a key in it.
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x61);
    big.write(` ${KEY} `, 1000);
    writeFileSync(path.join(dir, 'big.txt'), big);
    writeFileSync(path.join(dir, 'ok.txt'), 'nothing here\n');
  });

  test('a binary file and a file over 10 MB are skipped, and the text report says so', async () => {
    const r = await run(dir, []);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('✔ no problems');
    expect(r.stdout).toContain('in 1 file, 13 B');
    expect(r.stdout).toContain('skipped 1 binary file: image.bin');
    expect(r.stdout).toContain('skipped 1 too-large file: big.txt');
  });

  test('the JSON summary lists them, with the reason', async () => {
    const r = await json(dir);
    expect(r.json.summary).toMatchObject({ files: 1, bytes: 13 });
    expect(r.json.summary.skipped).toEqual(
      expect.arrayContaining([
        { file: 'image.bin', reason: 'binary' },
        { file: 'big.txt', reason: 'too-large', detail: `${10 * 1024 * 1024 + 1} bytes` },
      ]),
    );
    expect(r.json.summary.skipped).toHaveLength(2);
  });
  test('a file whose name is not UTF-8 is listed as skipped, not dropped in silence', async () => {
    const repo = tempRepo();
    // Byte 0xff can start no UTF-8 character.
    writeFileSync(Buffer.concat([Buffer.from(`${repo.dir}/bad-`), Buffer.from([0xff]), Buffer.from('-name.ts')]), 'const x = 1;\n');
    const r = await run(repo.dir, []);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/skipped 1 file whose name is not UTF-8: bad-\uFFFD-name\.ts/);
  });
});

describe('report options', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
    writeFileSync(path.join(dir, 'a.ts'), `const k = "${KEY}";\n`);
    mkdirSync(path.join(dir, 'clean'));
    writeFileSync(path.join(dir, 'clean', 'b.ts'), 'export {};\n');
  });

  test('--output FILE writes the report there and nothing to stdout', async () => {
    const out = path.join(tempDir(), 'report.json');
    const r = await run(dir, ['--format', 'json', '--output', out]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    const doc = JSON.parse(readFileSync(out, 'utf8'));
    expect(filesOf(doc)).toEqual(['a.ts']);
  });

  test('--output to a folder that does not exist: exit 2, one line', async () => {
    const r = await run(dir, ['--output', path.join(dir, 'missing', 'r.txt')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(`scan-keys: could not write the report to ${path.join(dir, 'missing', 'r.txt')}: ENOENT: no such file or directory\n`);
  });

  test('two keys on one line: the text report shows each redacted, on both findings', async () => {
    const two = tempDir();
    writeFileSync(path.join(two, 'pair.ts'), `const pair = ["${KEY}", "${ANT}"];\n`);
    const r = await run(two, ['--explain']);
    expect(r.exitCode).toBe(1);
    const masked = `const pair = ["sk-proj-…${KEY.slice(-4)}", "sk-ant-admin01-…${ANT.slice(-4)}"];`;
    expect(r.stdout.split(masked)).toHaveLength(3);
    expect(r.stdout).toContain('pair.ts:1:16  sk-proj-');
    expect(r.stdout).toContain(`pair.ts:1:${16 + KEY.length + 4}  sk-ant-admin01-`);
  });

  test('-q prints the findings only, and nothing at all when clean', async () => {
    const r = await run(dir, ['-q']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`a.ts:1:12  openai-project-key  sk-proj-…${KEY.slice(-4)}`);
    expect(r.stdout).not.toContain('problem');
    expect(r.stdout).not.toContain('scan-keys explain');
    expect(r.stdout).not.toContain('To fix it');
    const clean = await run(path.join(dir, 'clean'), ['-q']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toBe('');
  });

  test('colour: NO_COLOR and --no-color turn it off, FORCE_COLOR turns it on without a terminal', async () => {
    const [plain, forced, flag, notTty] = await Promise.all([
      run(dir, [], { NO_COLOR: '1' }),
      run(dir, [], { NO_COLOR: undefined, FORCE_COLOR: '1' }),
      run(dir, ['--no-color'], { NO_COLOR: undefined, FORCE_COLOR: '1' }),
      run(dir, [], { NO_COLOR: undefined }),
    ]);
    expect(plain.stdout).not.toContain(ESC);
    expect(forced.stdout).toContain(ESC);
    expect(flag.stdout).not.toContain(ESC);
    expect(notTty.stdout).not.toContain(ESC);
  });

  test('a bad --format, a bad --fail-on and an unknown flag: exit 2, one line, no stack', async () => {
    const cases = [['--format', 'xml'], ['--fail-on', 'sometimes'], ['--frobnicate'], ['-z']];
    const runs = await Promise.all(cases.map((args) => run(dir, args)));
    runs.forEach((r, i) => {
      const args = cases[i]?.join(' ');
      expect(r.exitCode, args).toBe(2);
      expect(r.stdout, args).toBe('');
      expect(r.stderr, args).toMatch(/^scan-keys: [^\n]+\n$/);
    });
    expect(runs[0]?.stderr).toBe("scan-keys: --format must be text, json, sarif, github, html, summary; got 'xml'\n");
    expect(runs[2]?.stderr).toContain("'--frobnicate'");
  });

  test('a key typed as an argument is not echoed whole in the error, with or without DEBUG', async () => {
    const cases: [string[], NodeJS.ProcessEnv][] = [
      [[KEY], {}],
      [[KEY], { DEBUG: 'scan-keys' }],
      [[`--format=${KEY}`], {}],
      [[`--${ANT}`], { DEBUG: 'scan-keys' }],
      [['--output', path.join(dir, 'no-such-dir', `${LEGACY}.txt`)], { DEBUG: 'scan-keys' }],
    ];
    // run() fails the test if stdout or stderr holds a key.
    const runs = await Promise.all(cases.map(([args, env]) => run(dir, args, env)));
    for (const r of runs) {
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/^scan-keys: /);
    }
    expect(runs[0]?.stderr).toBe(`scan-keys: sk-proj-…${KEY.slice(-4)}: no such file or folder\n`);
  });

  test('DEBUG=scan-keys adds the stack to the one-line error', async () => {
    const r = await run(dir, ['--format', 'xml'], { DEBUG: 'scan-keys' });
    expect(r.exitCode).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("scan-keys: --format must be text, json, sarif, github, html, summary; got 'xml'");
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  test('--fail-on never exits 0 with findings; --help and --version exit 0', async () => {
    expect((await run(dir, ['--fail-on', 'never'])).exitCode).toBe(0);
    const help = await run(dir, ['--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--staged');
    const version = await run(dir, ['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('a reader that goes away', () => {
  test('`scan-keys | head`: no EPIPE stack trace, the exit code still tells', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.ts'), `k = "${KEY}";\n`);
    const child = spawn(process.execPath, [CLI, '.'], { cwd: dir, env: testEnv({ NO_COLOR: '1' }) });
    // The reader is gone before the report is written, as when head has read its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expectNoLeak(stderr);
  });

  test('`scan-keys > /dev/full`: exit 2 and the cause, in every format, with or without findings', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.ts'), `k = "${KEY}";\n`);
    mkdirSync(path.join(dir, 'clean'));
    writeFileSync(path.join(dir, 'clean', 'b.ts'), 'export {};\n');
    for (const format of ['text', 'json', 'sarif', 'github', 'html', 'summary']) {
      for (const target of ['.', 'clean']) {
        const full = openSync('/dev/full', 'w');
        const child = spawn(process.execPath, [CLI, '--format', format, target], { cwd: dir, env: testEnv({ NO_COLOR: '1' }), stdio: ['ignore', full, 'pipe'] });
        closeSync(full);
        let stderr = '';
        child.stderr?.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(stderr, `${format} ${target}`).toBe('scan-keys: could not write the report to stdout: ENOSPC: no space left on device\n');
        expect(code, `${format} ${target}`).toBe(2);
      }
    }
  });

  test('--output /dev/full: exit 2 and the cause', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'b.ts'), 'export {};\n');
    // cli, not run: run reads the --output file back to look for keys, and /dev/full reads as endless zeros.
    const r = await cli(dir, ['--output', '/dev/full']);
    expect(r.stderr).toBe('scan-keys: could not write the report to /dev/full: ENOSPC: no space left on device\n');
    expect(r.exitCode).toBe(2);
  });
});
