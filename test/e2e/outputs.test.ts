import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { leakedWindow } from '../support/findings.js';
import { tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { sarifErrors } from '../support/sarif-schema.js';

const key = fake.openaiProject(81);

/** One line on stderr, exit 2: what every refused --output must give. */
function expectRefused(run: { exitCode: number; stderr: string }, line: string) {
  expect(run.exitCode).toBe(2);
  expect(run.stderr).toBe(`scan-keys: ${line}\n`);
}

describe('--output FORMAT:FILE, repeated: one scan, several reports', () => {
  let repo: TempRepo;
  beforeAll(() => {
    repo = tempRepo();
    repo.write('src/client.ts', `export const key = "${key}";\n`);
  });

  test('SARIF, JSON and the job summary to files and annotations to stdout, all of the same findings', async () => {
    const out = tempDir();
    const [sarif, json, summary] = ['scan.sarif', 'scan.json', 'summary.md'].map((f) => path.join(out, f));
    const run = await cli(repo.dir, ['--output', `sarif:${sarif}`, '-o', `json:${json}`, '--output', `summary:${summary}`, '--output', 'github:-']);
    expect(run.exitCode, run.stderr).toBe(1);
    const log = JSON.parse(readFileSync(sarif!, 'utf8')) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const doc = JSON.parse(readFileSync(json!, 'utf8')) as { findings: { file: string; fingerprint: string }[] };
    expect(doc.findings.map((f) => f.file)).toEqual(['src/client.ts']);
    // The same finding in both: its fingerprint is in the SARIF result.
    expect(Object.values(log.runs[0]!.results![0]!.partialFingerprints!)).toContain(doc.findings[0]!.fingerprint);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toHaveLength(1);
    const md = readFileSync(summary!, 'utf8');
    expect(md).toContain('| src/client.ts:1 |');
    const everything = [run.stdout, run.stderr, readFileSync(sarif!, 'utf8'), readFileSync(json!, 'utf8'), md].join('\n');
    expect(leakedWindow(everything, [key])).toBeUndefined();
  });

  test('-o FILE alone keeps its meaning: the --format report in FILE, nothing on stdout; beside FORMAT:FILE it takes --format too', async () => {
    const out = tempDir();
    const plain = path.join(out, 'report.json');
    const run = await cli(repo.dir, ['--format', 'json', '-o', plain, '-o', `summary:${path.join(out, 's.md')}`]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(plain, 'utf8')) as { version: number }).version).toBe(1);
    // A word before the colon that is no format is part of the file name.
    const odd = path.join(out, 'weird:name.json');
    expect((await cli(repo.dir, ['--format', 'json', '-o', odd])).exitCode).toBe(1);
    expect((JSON.parse(readFileSync(odd, 'utf8')) as { version: number }).version).toBe(1);
  });

  test('each file is replaced atomically: a new file takes the old name, the old one is never written in place', async () => {
    const file = path.join(tempDir(), 'scan.sarif');
    writeFileSync(file, 'an older report that is longer than nothing\n');
    const before = statSync(file).ino;
    const run = await cli(repo.dir, ['--output', `sarif:${file}`]);
    expect(run.exitCode).toBe(1);
    expect(statSync(file).ino).not.toBe(before);
    expect(sarifErrors(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
  });

  test('a report that cannot be written is exit 2 with its cause, whichever of the reports it is', async () => {
    const out = tempDir();
    const missing = path.join(out, 'no-such-dir', 'summary.md');
    const run = await cli(repo.dir, ['--output', `sarif:${path.join(out, 'ok.sarif')}`, '--output', `summary:${missing}`]);
    expectRefused(run, `could not write the report to ${missing}: ENOENT: no such file or directory`);
    mkdirSync(path.join(out, 'a-folder'));
    expectRefused(await cli(repo.dir, ['-o', `json:${path.join(out, 'a-folder')}`]), `could not write the report to ${path.join(out, 'a-folder')}: EISDIR: illegal operation on a directory`);
  });

  test('bad --output values are refused before the scan, one line each', async () => {
    const file = path.join(tempDir(), 'same.json');
    expectRefused(await cli(repo.dir, ['-o', `json:${file}`, '-o', `sarif:${file}`]), `two reports would go to ${file}; give each --output its own file`);
    expectRefused(await cli(repo.dir, ['-o', 'github:-', '-o', 'text:-']), 'two reports would go to stdout; give each --output its own file');
    expectRefused(await cli(repo.dir, ['-o', 'sarif:']), "--output sarif:: no file after 'sarif:' (sarif:- is stdout)");
    expectRefused(
      await cli(repo.dir, ['--format', 'json', '-o', `sarif:${file}`]),
      '--format json is used by no report: every --output names its format (add --output json:- for stdout)',
    );
  });

  test('history writes several reports from one scan too', async () => {
    const history = tempRepo();
    history.write('a.py', `K = "${key}"\n`);
    history.git('add', '.');
    history.git('commit', '-qm', 'a');
    const summary = path.join(tempDir(), 'summary.md');
    const run = await cli(history.dir, ['history', '--output', `summary:${summary}`, '--output', 'json:-']);
    expect(run.exitCode, run.stderr).toBe(1);
    const sha = history.git('rev-parse', 'HEAD').trim();
    expect(readFileSync(summary, 'utf8')).toContain(`| a.py:1 | ${sha.slice(0, 12)} |`);
    expect((JSON.parse(run.stdout) as { findings: { commit: { sha: string } }[] }).findings[0]!.commit.sha).toBe(sha);
  });
});
