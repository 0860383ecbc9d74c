import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { Log } from 'sarif';
import { fake } from '../src/rules/fake.js';
import { leakedWindow } from './support/findings.js';
import { tempDir, tempRepo } from './support/repo.js';
import { sarifErrors } from './support/sarif-schema.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as Action;

/** Runs action/scan.sh in `cwd` the way the composite step does: inputs as environment variables. */
function runScanStep(cwd: string, inputs: Record<string, string>) {
  const temp = tempDir('scan-keys-runner-');
  const outputs = path.join(temp, 'github_output');
  const env = {
    ...process.env,
    NO_COLOR: '1',
    SCAN_KEYS_ACTION_PATH: ROOT,
    GITHUB_OUTPUT: outputs,
    RUNNER_TEMP: temp,
    INPUT_ARGS: inputs.args ?? '',
    INPUT_FORMAT: inputs.format ?? 'github',
    INPUT_FAIL_ON: inputs['fail-on'] ?? 'error',
    INPUT_SARIF_FILE: inputs['sarif-file'] ?? '',
  };
  const done = (exitCode: number, stdout: string, stderr: string) => {
    const lines = existsSync(outputs) ? readFileSync(outputs, 'utf8').trim().split('\n') : [];
    const parsed = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { exitCode, stdout, stderr, outputs: parsed, sarifPath: path.join(temp, 'scan-keys.sarif') };
  };
  return run('bash', [path.join(ROOT, 'action/scan.sh')], { cwd, env }).then(
    ({ stdout, stderr }) => done(0, stdout, stderr),
    (err: { code?: number; stdout: string; stderr: string }) => done(err.code ?? -1, err.stdout, err.stderr),
  );
}

describe('action.yml', () => {
  test('is a composite action with the inputs args, format and fail-on, and a SARIF file output', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['args', 'format', 'fail-on', 'sarif-file']));
    expect(action.inputs.format?.default).toBe('github');
    expect(action.inputs['fail-on']?.default).toBe('error');
    expect(action.outputs['sarif-file']?.value).toBe('${{ steps.scan.outputs.sarif-file }}');
  });

  test('the scan step runs action/scan.sh with every input passed as an environment variable', () => {
    const scan = action.runs.steps.find((s) => s.id === 'scan');
    expect(scan?.run).toContain('action/scan.sh');
    expect(scan?.env).toMatchObject({
      INPUT_ARGS: '${{ inputs.args }}',
      INPUT_FORMAT: '${{ inputs.format }}',
      INPUT_FAIL_ON: '${{ inputs.fail-on }}',
      INPUT_SARIF_FILE: '${{ inputs.sarif-file }}',
      SCAN_KEYS_ACTION_PATH: '${{ github.action_path }}',
    });
    // An input spliced into shell code would be a script injection.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{ inputs.');
  });

  test('Node.js is set up only when the runner lacks it, and the install never runs package scripts', () => {
    const setup = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ inputs.node-version }}');
    expect(setup && 'if' in setup).toBe(true);
    const install = action.runs.steps.find((s) => s.name === 'Install scan-keys');
    expect(install?.run).toContain('npm ci');
    expect(install?.run?.match(/npm ci/g)?.length).toBe(install?.run?.match(/--ignore-scripts/g)?.length);
  });
});

describe('action/scan.sh', () => {
  test('writes SARIF, annotates the findings under the args path, fails the step, and sets the outputs', async () => {
    const repo = tempRepo();
    const keys = [fake.openaiProject(61), fake.anthropic(62)];
    repo.write('src/config.ts', `export const key = "${keys[0]}";\n`);
    repo.write('scripts/seed.py', `KEY = "${keys[1]}"\n`);
    const run = await runScanStep(repo.dir, { args: 'src' });
    expect(run.exitCode).toBe(1);
    const annotations = run.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=src\/config\.ts,line=1,/);
    expect(run.outputs).toEqual({ 'sarif-file': run.sarifPath, 'exit-code': '1' });
    const log = JSON.parse(readFileSync(run.sarifPath, 'utf8')) as Log;
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual(['src/config.ts']);
    expect(leakedWindow(run.stdout + run.stderr + readFileSync(run.sarifPath, 'utf8'), keys)).toBeUndefined();
  });

  test('fail-on never passes the step but still records the findings in SARIF', async () => {
    const repo = tempRepo();
    repo.write('app.js', `const k = "${fake.openaiLegacy(63)}";\n`);
    const sarifFile = path.join(tempDir(), 'out.sarif');
    const run = await runScanStep(repo.dir, { 'fail-on': 'never', format: 'sarif', 'sarif-file': sarifFile });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.outputs['sarif-file']).toBe(sarifFile);
    expect((JSON.parse(readFileSync(sarifFile, 'utf8')) as Log).runs[0]!.results).toHaveLength(1);
  });

  test('a clean repository passes with an empty SARIF run', async () => {
    const repo = tempRepo();
    repo.write('README.md', 'Read the key from process.env.OPENAI_API_KEY.\n');
    const run = await runScanStep(repo.dir, {});
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/^scan-keys: 0 error\(s\), 0 warning\(s\) in 1 file\(s\)/m);
    expect((JSON.parse(readFileSync(run.sarifPath, 'utf8')) as Log).runs[0]!.results).toEqual([]);
  });

  test('a bad input fails the step with exit 2 and a one-line error, and no SARIF output', async () => {
    const repo = tempRepo();
    const run = await runScanStep(repo.dir, { 'fail-on': 'warn' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(["scan-keys: --fail-on must be error, warning, never; got 'warn'"]);
    expect(run.outputs).toEqual({ 'exit-code': '2' });
  });
});
