import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { type TempRepo, commit, tempDir, tempRepo } from '../support/repo.js';
import { expectNoSecret } from '../support/secrets.js';

const ZERO = '0'.repeat(40);


/** A GitHub Actions run: the event payload in a file, and the two variables that point at it. */
function githubEnv(name: string, payload: unknown): NodeJS.ProcessEnv {
  const file = path.join(tempDir('scan-keys-event-'), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return { GITHUB_EVENT_PATH: file, GITHUB_EVENT_NAME: name };
}

const ci = (repo: TempRepo, args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
  cli(repo.dir, ['ci', '--format', 'json', ...args], env);

const findingPlaces = (run: CliRun) => (run.json.findings as { file: string; commit?: { sha: string } }[]).map((f) => `${f.file}@${f.commit?.sha}`);

/** A bare "GitHub" and a clone of it, so that there are remote-tracking refs and a remote to deepen from. */
function withRemote(): { origin: TempRepo; work: TempRepo } {
  const origin = tempRepo({ init: false });
  origin.git('init', '-q', '--bare', '-b', 'main');
  const work = tempRepo({ dir: tempDir() , init: false });
  work.git('clone', '-q', origin.dir, '.');
  work.git('config', 'user.name', 'Test User');
  work.git('config', 'user.email', 'test@example.invalid');
  work.git('config', 'commit.gpgsign', 'false');
  return { origin, work };
}

describe('scan-keys ci: pull requests', () => {
  test('scans only the pull request\'s own commits, though the base branch was merged into it in between', async () => {
    const repo = tempRepo();
    const mainKey = fake.openaiProject(801);
    const prKey = fake.anthropic(802);
    commit(repo, 'init', { 'README.md': '# app\n' });
    repo.git('checkout', '-q', '-b', 'topic');
    commit(repo, 'topic work', { 'src/a.ts': 'export const a = 1;\n' });
    repo.git('checkout', '-q', 'main');
    // A key on the base branch is not the pull request's to answer for.
    const base = commit(repo, 'main: fixture', { 'fixtures/main.env': `OPENAI_API_KEY=${mainKey}\n` });
    repo.git('checkout', '-q', 'topic');
    repo.git('merge', '-q', '--no-edit', 'main');
    const added = commit(repo, 'topic: key', { 'src/b.env': `ANTHROPIC_API_KEY=${prKey}\n` });

    const run = await ci(repo, [], githubEnv('pull_request', { pull_request: { base: { sha: base }, head: { sha: added } } }));
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`src/b.env@${added}`]);
    // topic work, the merge, topic: key.
    expect(run.json.summary.covered).toMatchObject({ commits: 3 });
    expect(run.json.summary.covered.blobs).toBeGreaterThanOrEqual(2);
    expectNoSecret(run, [mainKey, prKey]);
  });

  test('the text report closes with what was covered: commits, file versions, bytes', async () => {
    const repo = tempRepo();
    const base = commit(repo, 'init', { 'README.md': '# app\n' });
    commit(repo, 'one', { 'a.ts': 'export const a = 1;\n' });
    commit(repo, 'two', { 'b.ts': 'export const b = 2;\n' });
    const run = await cli(repo.dir, ['ci', '--base', base, '--head', 'HEAD']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/✔ no problems\s+in 2 commits, 2 file versions, 40 B, /);
    expect(run.stderr).toBe('');
  });

  test('--base with --head scans their difference and JSON says what it covered', async () => {
    const repo = tempRepo();
    const base = commit(repo, 'init', { 'README.md': '# app\n' });
    const key = fake.openaiProject(803);
    const head = commit(repo, 'key', { 'app.env': `OPENAI_API_KEY=${key}\n` });
    const run = await ci(repo, ['--base', base, '--head', head]);
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`app.env@${head}`]);
    expect(run.json.summary.covered).toEqual({ commits: 1, blobs: 1, files: 1, bytes: run.json.summary.bytes });
    expectNoSecret(run, [key]);
  });

  test('a revision that does not exist is exit 2, never an empty pass', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo, ['--base', 'f'.repeat(40)]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^scan-keys: --base f{40}: no such commit in this repository/);
    expect(run.stdout).toBe('');
    const named = await ci(repo, ['--base', 'no-such-branch']);
    expect(named.exitCode).toBe(2);
    expect(named.stderr).toContain('--base no-such-branch: no such commit');
  });

  test('an empty --base (a GitLab variable unset outside merge requests) is exit 2', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo, ['--base', '']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('--base is empty');
  });

  test('neither --base nor a GitHub event is exit 2 that says what is needed', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('ci needs --base REV');
  });

  test('a range that holds no commits says so, and --fail-on-empty makes it exit 2', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo, ['--base', 'HEAD', '--head', 'HEAD']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toMatch(/^scan-keys: the range HEAD\.\.HEAD holds no commits: nothing was scanned$/m);
    expect(run.json.summary.covered).toEqual({ commits: 0, blobs: 0, files: 0, bytes: 0 });

    const strict = await ci(repo, ['--base', 'HEAD', '--head', 'HEAD', '--fail-on-empty']);
    expect(strict.exitCode).toBe(2);
    expect(strict.stderr).toContain('holds no commits: nothing was scanned (--fail-on-empty)');
    // The report is still written, so the CI job has one to read.
    expect(strict.json.summary.covered.commits).toBe(0);
  });
});

describe('scan-keys ci: pushes', () => {
  test('a push scans before..after only', async () => {
    const repo = tempRepo();
    const old = fake.openaiProject(811);
    commit(repo, 'old key, long fixed', { 'old.env': `OPENAI_API_KEY=${old}\n` });
    const before = commit(repo, 'remove', { 'old.env': 'OPENAI_API_KEY=\n' });
    const key = fake.anthropic(812);
    const after = commit(repo, 'new key', { 'new.env': `ANTHROPIC_API_KEY=${key}\n` });
    const run = await ci(repo, [], githubEnv('push', { ref: 'refs/heads/main', before, after, repository: { default_branch: 'main' } }));
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`new.env@${after}`]);
    expect(run.json.summary.covered.commits).toBe(1);
    expectNoSecret(run, [old, key]);
  });

  test('a new branch (all-zero before) scans the commits not on the default branch', async () => {
    const { work } = withRemote();
    const onMain = fake.openaiProject(821);
    commit(work, 'main with a fixture', { 'fixture.env': `OPENAI_API_KEY=${onMain}\n` });
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const key = fake.anthropic(822);
    const first = commit(work, 'feature key', { 'feature.env': `ANTHROPIC_API_KEY=${key}\n` });
    const after = commit(work, 'more', { 'more.ts': 'export {};\n' });
    work.git('push', '-q', 'origin', 'feature');
    const payload = { ref: 'refs/heads/feature', before: ZERO, after, created: true, repository: { default_branch: 'main' } };
    const run = await ci(work, [], githubEnv('push', payload));
    expect(run.exitCode).toBe(1);
    // Not the whole history: the fixture on main is not this branch's.
    expect(findingPlaces(run)).toEqual([`feature.env@${first}`]);
    expect(run.json.summary.covered.commits).toBe(2);
    expectNoSecret(run, [onMain, key]);
  });

  test('a new branch with no default branch named is compared with the other remote-tracking branches', async () => {
    const { work } = withRemote();
    commit(work, 'main', { 'README.md': '# app\n' });
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const after = commit(work, 'feature', { 'f.ts': 'export {};\n' });
    work.git('push', '-q', 'origin', 'feature');
    const run = await ci(work, [], githubEnv('push', { ref: 'refs/heads/feature', before: ZERO, after }));
    expect(run.exitCode).toBe(0);
    // Its own remote-tracking ref (origin/feature is after itself) is not one to compare with.
    expect(run.json.summary.covered.commits).toBe(1);
  });

  test('a force-push whose before is gone scans the branch as a new one, and says so', async () => {
    const { work } = withRemote();
    commit(work, 'main', { 'README.md': '# app\n' });
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const key = fake.openaiProject(831);
    const rewritten = commit(work, 'feature, rewritten', { 'f.env': `OPENAI_API_KEY=${key}\n` });
    work.git('push', '-q', 'origin', 'feature');
    // A commit this clone never held: what the branch pointed at before the force-push.
    const before = 'a'.repeat(40);
    const payload = { ref: 'refs/heads/feature', before, after: rewritten, forced: true, repository: { default_branch: 'main' } };
    const run = await ci(work, [], githubEnv('push', payload));
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain(`before ${before.slice(0, 12)} is no longer in the repository (a force-push)`);
    expect(findingPlaces(run)).toEqual([`f.env@${rewritten}`]);
    expect(run.json.summary.covered.commits).toBe(1);
    expectNoSecret(run, [key]);
  });

  test('a push whose before is missing without a force-push is exit 2', async () => {
    const repo = tempRepo();
    const after = commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo, [], githubEnv('push', { ref: 'refs/heads/main', before: 'b'.repeat(40), after }));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(`before ${'b'.repeat(40)}: no such commit`);
  });

  test('a tag push and a branch deletion scan nothing, exit 0 even with --fail-on-empty, and say why', async () => {
    const repo = tempRepo();
    const head = commit(repo, 'init', { 'README.md': '# app\n' });
    const tag = await ci(repo, ['--fail-on-empty'], githubEnv('push', { ref: 'refs/tags/v1.0.0', before: ZERO, after: head }));
    expect(tag.exitCode).toBe(0);
    expect(tag.stderr).toContain('a tag push (v1.0.0) adds no commits to scan');
    expect(tag.json.summary.covered).toEqual({ commits: 0, blobs: 0, files: 0, bytes: 0 });

    const deleted = await ci(repo, ['--fail-on-empty'], githubEnv('push', { ref: 'refs/heads/old', before: head, after: ZERO, deleted: true }));
    expect(deleted.exitCode).toBe(0);
    expect(deleted.stderr).toContain('the push deleted refs/heads/old: nothing was pushed to scan');
  });

  test('an event ci cannot read a range from is exit 2', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await ci(repo, [], githubEnv('schedule', {}));
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("ci cannot tell what a 'schedule' event must cover");
    const broken = await ci(repo, [], githubEnv('pull_request', { pull_request: { base: {} } }));
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('no commit at pull_request.base.sha');
  });
});

describe('scan-keys ci: shallow clones', () => {
  function upstream(): { repo: TempRepo; base: string; keyCommit: string; key: string } {
    const repo = tempRepo();
    const base = commit(repo, 'init', { 'README.md': '# app\n' });
    const key = fake.openaiProject(841);
    const keyCommit = commit(repo, 'key', { 'k.env': `OPENAI_API_KEY=${key}\n` });
    commit(repo, 'remove it', { 'k.env': 'OPENAI_API_KEY=\n' });
    commit(repo, 'later', { 'later.ts': 'export {};\n' });
    return { repo, base, keyCommit, key };
  }

  test('a shallow clone that lacks the base is deepened from its remote, and the key in between is found', async () => {
    const up = upstream();
    const clone = tempRepo({ init: false });
    clone.git('clone', '-q', '--depth', '1', `file://${up.repo.dir}`, '.');
    expect(clone.git('rev-parse', '--is-shallow-repository').trim()).toBe('true');
    const run = await ci(clone, ['--base', up.base, '--head', 'HEAD']);
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`k.env@${up.keyCommit}`]);
    expect(run.json.summary.covered.commits).toBe(3);
    expectNoSecret(run, [up.key]);
  });

  test('a shallow clone without a remote to deepen from is exit 2 with the fetch-depth hint', async () => {
    const up = upstream();
    const clone = tempRepo({ init: false });
    clone.git('clone', '-q', '--depth', '1', `file://${up.repo.dir}`, '.');
    clone.git('remote', 'remove', 'origin');
    const run = await ci(clone, ['--base', up.base]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/is not in this shallow clone and there is no remote to deepen it from: .*fetch-depth: 0/);
    expect(run.stdout).toBe('');
  });

  test('a new branch pushed to a depth-1 single-branch checkout fetches the default branch to compare with', async () => {
    const { origin, work } = withRemote();
    const onMain = fake.openaiProject(851);
    commit(work, 'main fixture', { 'fixture.env': `OPENAI_API_KEY=${onMain}\n` });
    commit(work, 'main later', { 'README.md': '# app\n' });
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'feature');
    const key = fake.anthropic(852);
    const first = commit(work, 'feature key', { 'feature.env': `ANTHROPIC_API_KEY=${key}\n` });
    const after = commit(work, 'feature more', { 'more.ts': 'export {};\n' });
    work.git('push', '-q', 'origin', 'feature');
    // What actions/checkout does on a push: the one commit, the one branch.
    const checkout = tempRepo({ init: false });
    checkout.git('clone', '-q', '--depth', '1', '--single-branch', '--branch', 'feature', `file://${origin.dir}`, '.');
    const payload = { ref: 'refs/heads/feature', before: ZERO, after, created: true, repository: { default_branch: 'main' } };
    const run = await ci(checkout, [], githubEnv('push', payload));
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`feature.env@${first}`]);
    expect(run.json.summary.covered.commits).toBe(2);
    expectNoSecret(run, [onMain, key]);
  });

  test('a pull request head that no fetched branch holds (a fork) is fetched by its id into a shallow clone', async () => {
    const { origin, work } = withRemote();
    const base = commit(work, 'main', { 'README.md': '# app\n' });
    work.git('push', '-q', 'origin', 'main');
    work.git('checkout', '-q', '-b', 'fork-work');
    const key = fake.openaiProject(861);
    const head = commit(work, 'fork key', { 'f.env': `OPENAI_API_KEY=${key}\n` });
    // Where GitHub keeps a fork's pull request: no branch of the repository holds it.
    work.git('push', '-q', 'origin', 'HEAD:refs/pull/1/head');
    const checkout = tempRepo({ init: false });
    checkout.git('clone', '-q', '--depth', '1', '--single-branch', '--branch', 'main', `file://${origin.dir}`, '.');
    const run = await ci(checkout, [], githubEnv('pull_request', { pull_request: { base: { sha: base }, head: { sha: head } } }));
    expect(run.exitCode).toBe(1);
    expect(findingPlaces(run)).toEqual([`f.env@${head}`]);
    expect(run.json.summary.covered.commits).toBe(1);
    expectNoSecret(run, [key]);
  });
});

describe('summary.covered in the other scans', () => {
  test('folder and staged scans give files and bytes; history gives commits and blobs too', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n', 'a.ts': 'export const a = 1;\n' });
    const folder = await cli(repo.dir, ['.', '--format', 'json']);
    expect(folder.json.summary.covered).toEqual({ files: 2, bytes: 26 });
    repo.write('b.ts', 'export {};\n');
    repo.git('add', 'b.ts');
    const staged = await cli(repo.dir, ['--staged', '--format', 'json']);
    expect(staged.json.summary.covered).toEqual({ files: 1, bytes: 11 });
    const history = await cli(repo.dir, ['history', '--format', 'json']);
    expect(history.json.summary.covered).toEqual({ commits: 1, blobs: 2, files: 2, bytes: 26 });
  });

  test('history of a range that holds no commits says so', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    const run = await cli(repo.dir, ['history', 'main..main']);
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('scan-keys: main..main holds no commits: nothing was scanned');
    expect(run.stdout).toContain('in 0 commits, 0 file versions, 0 B');
  });
});
