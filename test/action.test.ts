import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import type { Log } from 'sarif';
import { fake } from '../src/rules/fake.js';
import { leakedWindow } from './support/findings.js';
import { tempDir, tempRepo, testEnv } from './support/repo.js';
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

/** What a run of the scan step left behind. */
interface StepRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  sarifPath: string;
  summaryPath: string;
}

/**
 * Runs action/scan.sh in `cwd` the way the composite step does: inputs as
 * environment variables, and the runner's GITHUB_* variables (`env`) beside them.
 */
function runScanStep(cwd: string, inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, actionPath = ROOT): Promise<StepRun> {
  const temp = tempDir('scan-keys-runner-');
  const outputs = path.join(temp, 'github_output');
  const summaryPath = path.join(temp, 'step_summary');
  const vars = {
    ...testEnv(),
    NO_COLOR: '1',
    SCAN_KEYS_ACTION_PATH: actionPath,
    GITHUB_OUTPUT: outputs,
    RUNNER_TEMP: temp,
    INPUT_SCOPE: inputs.scope ?? 'range',
    INPUT_ARGS: inputs.args ?? '',
    INPUT_FORMAT: inputs.format ?? 'github',
    INPUT_FAIL_ON: inputs['fail-on'] ?? 'error',
    INPUT_FAIL_ON_EMPTY: inputs['fail-on-empty'] ?? 'true',
    INPUT_SARIF_FILE: inputs['sarif-file'] ?? '',
    ...env,
  };
  const done = (exitCode: number, stdout: string, stderr: string): StepRun => {
    const lines = existsSync(outputs) ? readFileSync(outputs, 'utf8').trim().split('\n') : [];
    const parsed = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    return { exitCode, stdout, stderr, outputs: parsed, sarifPath: path.join(temp, 'scan-keys.sarif'), summaryPath };
  };
  return run('bash', [path.join(ROOT, 'action/scan.sh')], { cwd, env: vars }).then(
    ({ stdout, stderr }) => done(0, stdout, stderr),
    (err: { code?: number; stdout: string; stderr: string }) => done(err.code ?? -1, err.stdout, err.stderr),
  );
}

describe('action.yml', () => {
  test('is a composite action with the inputs scope, args, format, fail-on and fail-on-empty, and a SARIF file output', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['scope', 'args', 'format', 'fail-on', 'fail-on-empty', 'sarif-file']));
    expect(action.inputs.scope?.default).toBe('range');
    expect(action.inputs['fail-on-empty']?.default).toBe('true');
    expect(action.inputs.format?.default).toBe('github');
    expect(action.inputs['fail-on']?.default).toBe('error');
    expect(action.outputs['sarif-file']?.value).toBe('${{ steps.scan.outputs.sarif-file }}');
  });

  test('the scan step runs action/scan.sh with every input passed as an environment variable', () => {
    const scan = action.runs.steps.find((s) => s.id === 'scan');
    expect(scan?.run).toContain('action/scan.sh');
    expect(scan?.env).toMatchObject({
      INPUT_SCOPE: '${{ inputs.scope }}',
      INPUT_ARGS: '${{ inputs.args }}',
      INPUT_FAIL_ON_EMPTY: '${{ inputs.fail-on-empty }}',
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

/**
 * The action's folder in these tests: a launcher that logs each run's
 * arguments and hands them unchanged to the real built CLI (`scan-keys ci`
 * included), which shows that the step scans once for all of its reports.
 */
function loggedAction(): { dir: string; runs: () => string[] } {
  const dir = tempDir('scan-keys-action-');
  const log = path.join(dir, 'runs.log');
  mkdirSync(path.join(dir, 'dist/cli'), { recursive: true });
  const real = path.join(ROOT, 'dist/cli/main.cjs');
  const main = `const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const r = spawnSync(process.execPath, [${JSON.stringify(real)}, ...args], { stdio: 'inherit' });
process.exit(r.status ?? 2);
`;
  writeFileSync(path.join(dir, 'dist/cli/main.cjs'), main);
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  return { dir, runs: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

const ZEROS = '0'.repeat(40);

/** The GITHUB_* variables of a run on `event`, with its payload in a file. */
function githubEnv(event: string, payload: object, summaryPath?: string): NodeJS.ProcessEnv {
  const file = path.join(tempDir('scan-keys-event-'), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: event,
    GITHUB_EVENT_PATH: file,
    ...(summaryPath ? { GITHUB_STEP_SUMMARY: summaryPath } : {}),
  };
}

const repository = { full_name: 'owner/app', default_branch: 'main' };

function pullRequest(base: string, head: string, fork = false) {
  return {
    action: 'synchronize',
    number: 7,
    pull_request: {
      number: 7,
      base: { sha: base, ref: 'main', repo: repository },
      head: { sha: head, ref: 'topic', repo: fork ? { full_name: 'stranger/app', default_branch: 'main' } : repository },
    },
    repository,
  };
}

/** main: a key committed long ago (out of any range) and a clean commit; topic: a commit that adds a key. */
function repoWithTopic() {
  const repo = tempRepo();
  const old = fake.anthropic(71);
  const added = fake.openaiProject(72);
  repo.write('legacy/seed.py', `KEY = "${old}"\n`);
  repo.git('add', '.');
  repo.git('commit', '-qm', 'seed');
  repo.git('rm', '-q', 'legacy/seed.py');
  repo.write('README.md', 'Read the key from the environment.\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'clean');
  const base = repo.git('rev-parse', 'HEAD').trim();
  repo.git('checkout', '-qb', 'topic');
  repo.write('src/client.ts', `export const key = "${added}";\n`);
  repo.git('add', '.');
  repo.git('commit', '-qm', 'client');
  const head = repo.git('rev-parse', 'HEAD').trim();
  return { repo, base, head, keys: [old, added] };
}

/** Every report the step wrote, read back, with the checks every range run must pass. */
function expectReports(step: StepRun, keys: readonly string[]) {
  const sarifText = readFileSync(step.sarifPath, 'utf8');
  const log = JSON.parse(sarifText) as Log;
  expect(sarifErrors(log)).toEqual([]);
  const summary = readFileSync(step.summaryPath, 'utf8');
  expect(leakedWindow(step.stdout + step.stderr + sarifText + summary, keys)).toBeUndefined();
  const annotations = step.stdout.split('\n').filter((l) => l.startsWith('::error'));
  return { log, summary, annotations, uris: log.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri) };
}

describe('action/scan.sh on GitHub events (end to end, in a real repository)', () => {
  test('pull request: one scan of the commits it adds writes SARIF, annotations and the job summary', async () => {
    const { repo, base, head, keys } = repoWithTopic();
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');
    const step = await runScanStep(repo.dir, {}, githubEnv('pull_request', pullRequest(base, head), summaryPath), action.dir);
    expect(step.exitCode, step.stderr).toBe(1);
    const runs = action.runs();
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!)[0]).toBe('ci');
    const { uris, summary, annotations } = expectReports({ ...step, summaryPath }, keys);
    // The range only: the key on main, committed before the pull request, is not this pull request's.
    expect(uris).toEqual(['src/client.ts']);
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(/^::error file=src\/client\.ts,line=1,/);
    expect(summary).toContain('| src/client.ts:1 |');
    expect(summary).toContain(`| ${head.slice(0, 12)} |`);
    expect(summary).toContain(`sk-proj-…${keys[1]!.slice(-4)}`);
    expect(step.outputs).toEqual({ 'sarif-file': step.sarifPath, 'exit-code': '1' });
  });

  test('push: before..after is scanned, not what came before', async () => {
    const { repo, base, head, keys } = repoWithTopic();
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');
    const push = { ref: 'refs/heads/topic', before: base, after: head, repository };
    const step = await runScanStep(repo.dir, {}, githubEnv('push', push, summaryPath), action.dir);
    expect(step.exitCode, step.stderr).toBe(1);
    expect(action.runs()).toHaveLength(1);
    expect(expectReports({ ...step, summaryPath }, keys).uris).toEqual(['src/client.ts']);
    // A push that adds nothing with a key passes: the old key on main is out of its range.
    const clean = { ref: 'refs/heads/main', before: repo.git('rev-parse', 'main~1').trim(), after: base, repository };
    const cleanStep = await runScanStep(repo.dir, {}, githubEnv('push', clean, summaryPath), action.dir);
    expect(cleanStep.exitCode, cleanStep.stderr).toBe(0);
    expect(readFileSync(summaryPath, 'utf8')).toMatch(/^## ✅ scan-keys: no keys found/);
  });

  test('a tag push adds no commits: the step passes with fail-on-empty on, and says why', async () => {
    const { repo, head } = repoWithTopic();
    repo.git('tag', 'v1.0.0', head);
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');
    const tag = { ref: 'refs/tags/v1.0.0', before: ZEROS, after: head, created: true, repository };
    const step = await runScanStep(repo.dir, {}, githubEnv('push', tag, summaryPath), action.dir);
    expect(step.exitCode, step.stderr).toBe(0);
    expect(step.stderr).toContain('tag');
    expect(action.runs()).toHaveLength(1);
  });

  test('push of a new branch (before is all zeros): the commits not on the default branch', async () => {
    const { repo, head, keys } = repoWithTopic();
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');
    const push = { ref: 'refs/heads/topic', before: ZEROS, after: head, created: true, repository };
    const step = await runScanStep(repo.dir, {}, githubEnv('push', push, summaryPath), action.dir);
    expect(step.exitCode, step.stderr).toBe(1);
    expect(expectReports({ ...step, summaryPath }, keys).uris).toEqual(['src/client.ts']);
  });

  test('scope all scans the checked-out files, scope history every commit: the old key too', async () => {
    const { repo, base, head, keys } = repoWithTopic();
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');
    const env = githubEnv('pull_request', pullRequest(base, head), summaryPath);
    const all = await runScanStep(repo.dir, { scope: 'all' }, env, action.dir);
    expect(all.exitCode, all.stderr).toBe(1);
    expect(expectReports({ ...all, summaryPath }, keys).uris).toEqual(['src/client.ts']);
    const history = await runScanStep(repo.dir, { scope: 'history' }, env, action.dir);
    expect(history.exitCode, history.stderr).toBe(1);
    expect(expectReports({ ...history, summaryPath }, keys).uris.sort()).toEqual(['legacy/seed.py', 'src/client.ts']);
    // args: history, as workflows for the first version of the action said, is scope history.
    const legacy = await runScanStep(repo.dir, { args: 'history' }, env, action.dir);
    expect(expectReports({ ...legacy, summaryPath }, keys).uris.sort()).toEqual(['legacy/seed.py', 'src/client.ts']);
    expect(action.runs().map((r) => (JSON.parse(r) as string[])[0])).toEqual(['--config', 'history', 'history']);
    const bad = await runScanStep(repo.dir, { scope: 'diff' }, env, action.dir);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe("scan-keys: scope must be range, all or history; got 'diff'\n");
  });

  test('a pull request cannot switch a rule off or baseline its own key: config and baseline come from the base', async () => {
    const { repo, base, keys } = repoWithTopic();
    // The fork's commit baselines its key (a real baseline, made by scan-keys itself) and turns the rule off.
    await run(process.execPath, [path.join(ROOT, 'dist/cli/main.cjs'), 'baseline', 'src'], { cwd: repo.dir, env: testEnv() });
    const baselined = JSON.parse(readFileSync(path.join(repo.dir, '.scan-keys-baseline.json'), 'utf8')) as { findings: { file: string }[] };
    expect(baselined.findings.map((f) => f.file)).toEqual(['src/client.ts']);
    repo.write('scan-keys.config.json', JSON.stringify({ rules: { 'openai-project-key': 'off' } }));
    repo.git('add', '.');
    repo.git('commit', '-qm', 'quiet the scanner');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const action = loggedAction();
    const summaryPath = path.join(tempDir(), 'summary.md');

    // Honest controls: read from the head (a push, which only those who may push can make), each file alone lets the key through.
    const pushEnv = githubEnv('push', { before: base, after: head, repository }, summaryPath);
    const push = await runScanStep(repo.dir, { scope: 'all' }, pushEnv, action.dir);
    expect(push.exitCode, push.stderr).toBe(0);
    const defaults = path.join(tempDir(), 'defaults.json');
    writeFileSync(defaults, '{}\n');
    const baselineOnly = await runScanStep(repo.dir, { scope: 'all', args: `--config ${defaults}` }, pushEnv, action.dir);
    expect(baselineOnly.exitCode, baselineOnly.stderr).toBe(0);

    const step = await runScanStep(repo.dir, {}, githubEnv('pull_request', pullRequest(base, head, true), summaryPath), action.dir);
    expect(step.exitCode, step.stderr).toBe(1);
    expect(expectReports({ ...step, summaryPath }, keys).uris).toEqual(['src/client.ts']);
    const args = JSON.parse(action.runs().at(-1)!) as string[];
    expect(args).toContain('--no-baseline');
    expect(args[args.indexOf('--config') + 1]).not.toContain(repo.dir);

    // Asked for by name, the files still come from the base: there they do not exist, which is an error, not a pass.
    const named = await runScanStep(repo.dir, { args: '--config scan-keys.config.json' }, githubEnv('pull_request', pullRequest(base, head, true)), action.dir);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toBe(
      `scan-keys: --config scan-keys.config.json: no such file in the base commit ${base} (in a pull request, config and baseline are read from the base)\n`,
    );
  });

  test("the base's own config and baseline do apply to a pull request", async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(73);
    repo.write('fixtures/known.ts', `export const key = "${key}";\n`);
    repo.git('add', '.');
    await run(process.execPath, [path.join(ROOT, 'dist/cli/main.cjs'), 'baseline'], { cwd: repo.dir, env: testEnv() });
    repo.write('package.json', JSON.stringify({ name: 'app', 'scan-keys': { rules: { 'anthropic-api-key': 'off' } } }));
    repo.git('add', '.');
    repo.git('commit', '-qm', 'known fixture, baselined; anthropic rule off');
    const base = repo.git('rev-parse', 'HEAD').trim();
    repo.git('checkout', '-qb', 'topic');
    repo.write('fixtures/known.ts', `export const key = "${key}";\nexport const other = 1;\n`);
    repo.write('src/ant.ts', `export const a = "${fake.anthropic(74)}";\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'touch the fixture');
    const head = repo.git('rev-parse', 'HEAD').trim();
    const action = loggedAction();
    const step = await runScanStep(repo.dir, { scope: 'all' }, githubEnv('pull_request', pullRequest(base, head, true)), action.dir);
    expect(step.exitCode, step.stderr).toBe(0);
    const args = JSON.parse(action.runs()[0]!) as string[];
    expect(path.basename(args[args.indexOf('--config') + 1]!)).toBe('package.json');
    expect(path.basename(args[args.indexOf('--baseline') + 1]!)).toBe('.scan-keys-baseline.json');
  });

  test('a shallow clone that lacks the base, or a base that does not exist: exit 2 and how to check out', async () => {
    const { repo, base, head } = repoWithTopic();
    const clone = tempRepo({ init: false });
    const env = testEnv();
    await run('git', ['clone', '-q', '--depth', '1', '--branch', 'topic', `file://${repo.dir}`, clone.dir], { env });
    const action = loggedAction();
    const shallow = await runScanStep(clone.dir, {}, githubEnv('pull_request', pullRequest(base, head)), action.dir);
    expect(shallow.exitCode).toBe(2);
    expect(shallow.stderr).toBe(
      `scan-keys: the pull request's base commit ${base} is not in this clone: check out with actions/checkout and fetch-depth: 0\n`,
    );
    expect(shallow.outputs).toEqual({ 'exit-code': '2' });
    expect(action.runs()).toEqual([]);

    const missing = 'f'.repeat(40);
    const gone = await runScanStep(repo.dir, {}, githubEnv('pull_request', pullRequest(missing, head)), action.dir);
    expect(gone.exitCode).toBe(2);
    expect(gone.stderr).toContain(`base commit ${missing} is not in this clone`);

    // Deep enough to hold the base, the shallow clone scans the range.
    const deeper = tempRepo({ init: false });
    await run('git', ['clone', '-q', '--depth', '2', '--branch', 'topic', `file://${repo.dir}`, deeper.dir], { env });
    const ok = await runScanStep(deeper.dir, {}, githubEnv('pull_request', pullRequest(base, head)), action.dir);
    expect(ok.exitCode, ok.stderr).toBe(1);
  });

  test('a pull request event without a readable payload fails closed', async () => {
    const repo = tempRepo();
    const unset = await runScanStep(repo.dir, {}, { GITHUB_EVENT_NAME: 'pull_request' });
    expect(unset.exitCode).toBe(2);
    expect(unset.stderr).toBe('scan-keys: GITHUB_EVENT_PATH is not set: a pull_request run needs its event payload\n');
    const broken = path.join(tempDir(), 'event.json');
    writeFileSync(broken, '{not json');
    const bad = await runScanStep(repo.dir, {}, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: broken });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe(`scan-keys: cannot read the event payload ${broken}\n`);
  });
});
