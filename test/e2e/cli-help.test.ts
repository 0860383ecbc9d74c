import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { tempDir, tempRepo } from '../support/repo.js';
import { expectOneLineError, plant, run } from '../support/secrets.js';

/** Words of Node's own argument parser: none may reach a user. */
const NODE_WORDS = /ambiguous|argument missing|does not take an argument|Unknown option|To specify a positional|Did you forget/;

function keyFolder(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'src'));
  return dir;
}

describe('a mistyped command', () => {
  test('histroy, inti and hlep get "did you mean" and exit 2, not "no such file or folder"', async () => {
    const dir = tempDir();
    for (const [typo, meant] of [['histroy', 'history'], ['inti', 'init'], ['hlep', 'help'], ['doctr', 'doctor'], ['Baseline', 'baseline'], ['hist', 'history']]) {
      const line = expectOneLineError(await run(dir, [typo!]));
      expect(line, typo).toContain(`unknown command '${typo}': did you mean ${meant}?`);
      expect(line, typo).not.toContain('no such file');
    }
  });

  test('a folder that is really named like a typo is scanned, not refused', async () => {
    const repo = tempRepo();
    repo.write('histroy/app.ts', `export const key = "${plant.openaiProject(41)}";\n`);
    const scan = await run(repo.dir, ['histroy', '--format', 'json']);
    expect(scan.exitCode).toBe(1);
    expect(scan.json.findings).toMatchObject([{ file: 'histroy/app.ts', rule: 'openai-project-key' }]);
  });

  test('a word close to no command is still a path that does not exist', async () => {
    const line = expectOneLineError(await run(tempDir(), ['nothing-here']));
    expect(line).toBe('scan-keys: nothing-here: no such file or folder');
  });
});

describe('a mistyped option', () => {
  test('gets the option it most likely meant, for the command it was given to', async () => {
    const dir = keyFolder();
    const cases: [string[], string][] = [
      [['--fromat', 'json'], "unknown option '--fromat': did you mean --format? (see scan-keys --help)"],
      [['--stagd'], 'did you mean --staged?'],
      [['--probe-timout=5'], 'did you mean --probe-timeout?'],
      [['history', '--purge', 'plan.txt'], "unknown option '--purge' for scan-keys history: did you mean --purge-plan? (see scan-keys history --help)"],
      [['init', '--unistall'], 'did you mean --uninstall?'],
    ];
    for (const [args, words] of cases) {
      const line = expectOneLineError(await run(dir, args));
      expect(line, args.join(' ')).toContain(words);
    }
  });

  test("an option of another command names that command, rather than guessing a look-alike of this one's", async () => {
    const dir = keyFolder();
    const cases: [string[], string][] = [
      [['--purge-plan', 'plan.txt'], 'scan-keys: --purge-plan is an option of scan-keys history, not of a scan (see scan-keys history --help)'],
      // --base is close to --baseline, a scan's option: the exact owner wins.
      [['--base', 'main'], 'scan-keys: --base is an option of scan-keys ci, not of a scan (see scan-keys ci --help)'],
      [['history', '--staged'], 'scan-keys: --staged is an option of a scan (scan-keys [paths...]), not of scan-keys history (see scan-keys --help)'],
    ];
    for (const [args, message] of cases) expect(expectOneLineError(await run(dir, args)), args.join(' ')).toBe(message);
  });

  test('an option nothing resembles is named, with how to scan a path that starts with a dash', async () => {
    const line = expectOneLineError(await run(keyFolder(), ['--zzzzzz']));
    expect(line).toBe("scan-keys: unknown option '--zzzzzz' (see scan-keys --help; a path that starts with '-' goes after --)");
  });
});

describe("parser errors in scan-keys' own words", () => {
  test('each of Node parseArgs error cases (unknown, missing value, value not taken, ambiguous value) is rephrased', async () => {
    const dir = keyFolder();
    const cases: [string[], string][] = [
      [['--probe', '--probe-timeout', '--staged'], 'scan-keys: --probe-timeout needs a value: --probe-timeout S (the next argument, --staged, is an option)'],
      [['--probe', '--probe-timeout', '-5'], "scan-keys: --probe-timeout needs a value: --probe-timeout S; if '-5' is the value, write --probe-timeout=-5"],
      [['--format'], 'scan-keys: --format needs a value: --format text|json|sarif|github|html|summary'],
      [['-qf'], 'scan-keys: -f needs a value: --format text|json|sarif|github|html|summary'],
      [['-o', '-q'], 'scan-keys: -o needs a value: --output FILE (the next argument, -q, is an option)'],
      [['--staged=yes'], "scan-keys: --staged takes no value; got 'yes' (see scan-keys --help)"],
      [['history', '--no-color=1'], "scan-keys: --no-color takes no value; got '1' (see scan-keys history --help)"],
      [['-qx'], "scan-keys: unknown option '-x' (see scan-keys --help; a path that starts with '-' goes after --)"],
      [['doctor', '--probe-timeout'], 'scan-keys: --probe-timeout needs a value: --probe-timeout S'],
    ];
    for (const [args, message] of cases) {
      const result = await run(dir, args);
      const line = expectOneLineError(result);
      expect(line, args.join(' ')).toBe(message);
      expect(result.stderr, args.join(' ')).not.toMatch(NODE_WORDS);
    }
  });

  test('a path that starts with a dash is scanned after --', async () => {
    const repo = tempRepo();
    repo.write('-odd.ts', `export const key = "${plant.anthropic(42)}";\n`);
    const scan = await run(repo.dir, ['--format', 'json', '--', '-odd.ts']);
    expect(scan.exitCode).toBe(1);
    expect(scan.json.findings).toMatchObject([{ file: '-odd.ts', rule: 'anthropic-api-key' }]);
  });
});

/** The option names a help text lists, in its Options section. */
const listedOptions = (help: string) => [...help.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]);

describe('help', () => {
  test('scan-keys help is the global help: every command and where to find one command alone', async () => {
    const dir = tempDir();
    const help = await run(dir, ['help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toBe((await run(dir, ['--help'])).stdout);
    for (const command of ['history', 'init', 'doctor', 'fix-env', 'baseline', 'ci', 'help']) expect(help.stdout).toContain(`scan-keys ${command}`);
    expect(help.stdout).toContain('scan-keys help COMMAND');
  });

  test('history --help and help history print the history command alone: its options, not the global list', async () => {
    const dir = tempDir();
    const flag = await run(dir, ['history', '--help']);
    const word = await run(dir, ['help', 'history']);
    expect(flag.exitCode).toBe(0);
    expect(word.stdout).toBe(flag.stdout);
    expect(flag.stdout.split('\n')[0]).toMatch(/^scan-keys history: /);
    const options = listedOptions(flag.stdout);
    expect(options).toEqual(expect.arrayContaining(['purge-plan', 'baseline', 'probe', 'format', 'output', 'help']));
    for (const other of ['staged', 'all-lines', 'uninstall', 'base', 'import']) expect(options, other).not.toContain(other);
    const global = await run(dir, ['--help']);
    expect(flag.stdout).not.toBe(global.stdout);
  });

  test('every command has its own help, and every option it lists says what it does', async () => {
    const dir = tempDir();
    const unknown = expectOneLineError(await run(dir, ['help', 'nope']));
    const names = /\(commands: ([^)]*)\)/.exec(unknown)?.[1]?.split(', ') ?? [];
    expect(names).toEqual(expect.arrayContaining(['scan', 'history', 'init', 'doctor', 'help']));
    for (const name of names) {
      const help = await run(dir, ['help', name]);
      expect(help.exitCode, name).toBe(0);
      expect(help.stdout, name).toMatch(new RegExp(`^scan-keys ${name}: \\S`));
      const options = help.stdout.slice(help.stdout.indexOf('\nOptions:\n'));
      // An option line with nothing after its flags, and no description on the line below, is undocumented.
      const lines = options.split('\n');
      for (const [i, line] of lines.entries()) {
        if (!/^ {2}(?:-\w, | {4})--/.test(line)) continue;
        // Descriptions start at column 31: on the flags' line, or below flags too long for it.
        const described = /^.{30} \S/.test(line) || /^ {31}\S/.test(lines[i + 1] ?? '');
        expect(described, `${name}: ${line.trim()}`).toBe(true);
      }
    }
    const scan = await run(dir, ['help', 'scan']);
    expect(listedOptions(scan.stdout)).toEqual(expect.arrayContaining(['staged', 'all-lines', 'dry-run']));
  });

  test('help for a mistyped command suggests it', async () => {
    const line = expectOneLineError(await run(tempDir(), ['help', 'histroy']));
    expect(line).toContain("help: unknown command 'histroy': did you mean history?");
  });
});

describe('-o FILE says what it wrote', () => {
  test('one stderr line names the file and counts errors and warnings; -q keeps it silent', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `export const key = "${plant.openaiProject(43)}";\n`);
    repo.write('.env', 'DEBUG=1 \n');
    const written = await run(repo.dir, ['-o', 'report.json', '--format', 'json']);
    expect(written.exitCode).toBe(1);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe('scan-keys: wrote report.json: 1 error, 1 warning\n');
    const report = JSON.parse(readFileSync(path.join(repo.dir, 'report.json'), 'utf8')) as { summary: { errors: number; warnings: number } };
    expect(report.summary).toMatchObject({ errors: 1, warnings: 1 });

    const quiet = await run(repo.dir, ['-q', '-o', 'quiet.html']);
    expect(quiet.exitCode).toBe(1);
    expect(quiet.stderr).toBe('');
    expect(existsSync(path.join(repo.dir, 'quiet.html'))).toBe(true);
  });

  test('without --format, the file name says the format: .html, .sarif and .json; anything else is text', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `export const key = "${plant.openaiProject(44)}";\n`);
    const r = await run(repo.dir, ['-o', 'r.html', '-o', 'r.sarif', '-o', 'r.json', '-o', 'r.txt']);
    expect(r.exitCode).toBe(1);
    const read = (f: string) => readFileSync(path.join(repo.dir, f), 'utf8');
    expect(read('r.html')).toMatch(/^<!doctype html>/i);
    expect((JSON.parse(read('r.sarif')) as { version: string }).version).toBe('2.1.0');
    expect((JSON.parse(read('r.json')) as { summary: { errors: number } }).summary.errors).toBe(1);
    expect(read('r.txt')).toContain('openai-project-key');
    // --format decides for every file it names: r2.html is then a JSON report, as asked.
    await run(repo.dir, ['-o', 'r2.html', '--format', 'json']);
    expect((JSON.parse(read('r2.html')) as { summary: { errors: number } }).summary.errors).toBe(1);
  });

  test('several reports from one scan: one line lists the files; stdout (-) is not a file', async () => {
    const repo = tempRepo();
    repo.write('README.md', 'nothing to see\n');
    const both = await run(repo.dir, ['-o', 'html:r.html', '-o', 'sarif:r.sarif', '-o', 'json:-']);
    expect(both.exitCode).toBe(0);
    expect(both.json.findings).toEqual([]);
    expect(both.stderr).toBe('scan-keys: wrote r.html, r.sarif: 0 errors, 0 warnings\n');
  });

  test('history -o FILE says it too', async () => {
    const repo = tempRepo();
    repo.write('a.ts', `export const key = "${plant.anthropic(44)}";\n`);
    repo.git('add', 'a.ts');
    repo.git('commit', '-qm', 'add a');
    const history = await run(repo.dir, ['history', '-o', 'h.json', '-f', 'json']);
    expect(history.exitCode).toBe(1);
    expect(history.stderr).toBe('scan-keys: wrote h.json: 1 error, 0 warnings\n');
  });
});

describe('--staged --dry-run', () => {
  test('reports what would block the commit, says so, and exits 0', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `export const key = "${plant.openaiProject(45)}";\n`);
    repo.git('add', 'app.ts');
    const blocked = await run(repo.dir, ['--staged', '--format', 'json']);
    expect(blocked.exitCode).toBe(1);
    const dry = await run(repo.dir, ['--staged', '--dry-run', '--format', 'json']);
    expect(dry.exitCode).toBe(0);
    expect(dry.json.findings).toMatchObject([{ file: 'app.ts', rule: 'openai-project-key', severity: 'error' }]);
    expect(dry.stderr).toBe('scan-keys: --dry-run: exit 0, though without it this run would exit 1 (a pre-commit hook would block this commit)\n');
  });

  test('nothing to block: no note; a stricter --fail-on tried with --dry-run says what it would fail on', async () => {
    const repo = tempRepo();
    repo.write('.env', 'DEBUG=1 \n');
    repo.git('add', '.env');
    const clean = await run(repo.dir, ['--staged', '--dry-run']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toBe('');
    const strict = await run(repo.dir, ['--dry-run', '--fail-on', 'warning', '--format', 'json']);
    expect(strict.exitCode).toBe(0);
    expect(strict.json.findings.length).toBeGreaterThan(0);
    expect(strict.stderr).toContain('without it this run would exit 1 (findings at or above --fail-on warning)');
  });

  test('a scan that cannot run still exits 2 under --dry-run: a trial is no silent pass', async () => {
    const line = expectOneLineError(await run(tempDir(), ['--staged', '--dry-run']));
    expect(line).toContain('--staged needs a git repository');
  });
});
