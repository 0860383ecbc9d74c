import { describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { commit, tempRepo } from '../support/repo.js';
import { expectNoSecret } from '../support/secrets.js';

describe('history findings name their commit subject and the refs that reach it', () => {
  test('a key only on a side branch: JSON has subject and refs, the advice is to delete that branch, not to rewrite', async () => {
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    repo.git('checkout', '-q', '-b', 'experiment');
    const key = fake.openaiProject(1201);
    const added = commit(repo, 'try the client', { 'try.ts': `const k = "${key}";\n` });
    repo.git('checkout', '-q', 'main');

    const json = await cli(repo.dir, ['history', '--format', 'json']);
    expect(json.exitCode).toBe(1);
    expect(json.json.findings).toMatchObject([{ file: 'try.ts', commit: { sha: added, subject: 'try the client', refs: ['refs/heads/experiment'] } }]);

    const text = await cli(repo.dir, ['history']);
    expect(text.exitCode).toBe(1);
    // One line per finding by default; --explain adds the commit's subject and the refs that reach it.
    const explained = await cli(repo.dir, ['history', '--explain']);
    expect(explained.stdout).toContain(': try the client');
    expect(explained.stdout).toContain('reached by refs/heads/experiment');
    expect(text.stdout).toContain('Rotate first');
    expect(text.stdout).toContain('git branch -D experiment');
    expect(text.stdout).toContain('git push origin --delete experiment');
    expect(text.stdout.indexOf('Rotate first')).toBeLessThan(text.stdout.indexOf('git branch -D experiment'));
    expect(text.stdout).not.toContain('git filter-repo');
    expectNoSecret(text, [key]);
    expectNoSecret(explained, [key]);
  });

  test('a key a tag or the default branch reaches gets the rewrite and force-push plan', async () => {
    const repo = tempRepo();
    const key = fake.anthropic(1202);
    const added = commit(repo, 'add config', { 'config.env': `ANTHROPIC_API_KEY=${key}\n` });
    repo.git('tag', 'v1.0');
    commit(repo, 'remove the key', { 'config.env': 'ANTHROPIC_API_KEY=\n' });

    const json = await cli(repo.dir, ['history', '--format', 'json']);
    expect(json.json.findings).toMatchObject([{ commit: { sha: added, subject: 'add config', refs: ['refs/heads/main', 'refs/tags/v1.0'] } }]);
    const text = await cli(repo.dir, ['history']);
    expect(text.stdout).toContain('git filter-repo --replace-text');
    expect(text.stdout).toContain('git push --force --all');
    expect(text.stdout).not.toContain('git branch -D');
  });

  test('a side branch that was pushed: both the local branch and the remote copy are to be deleted', async () => {
    const remote = tempRepo({ init: false });
    remote.git('init', '-q', '--bare');
    const repo = tempRepo();
    commit(repo, 'init', { 'README.md': '# app\n' });
    repo.git('remote', 'add', 'origin', remote.dir);
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'spike');
    const key = fake.openaiLegacy(1203);
    commit(repo, 'spike', { 'spike.py': `KEY = "${key}"\n` });
    repo.git('push', '-q', 'origin', 'spike');
    repo.git('checkout', '-q', 'main');

    const json = await cli(repo.dir, ['history', '--format', 'json']);
    expect(json.json.findings[0].commit.refs).toEqual(['refs/heads/spike', 'refs/remotes/origin/spike']);
    const text = await cli(repo.dir, ['history']);
    expect(text.stdout).toContain('git branch -D spike');
    expect(text.stdout).toContain('git push origin --delete spike');
    expect(text.stdout).not.toContain('(if it was pushed)');
    expect(text.stdout).not.toContain('git filter-repo');
  });

  test('a key in a commit subject is redacted there, in every format', async () => {
    const repo = tempRepo();
    const key = fake.openaiProject(1204);
    commit(repo, `add ${key} to the client`, { 'client.ts': `const k = "${key}";\n` });

    const json = await cli(repo.dir, ['history', '--format', 'json']);
    const subject = json.json.findings[0].commit.subject as string;
    expect(subject).toMatch(/^add sk-proj-…\w{4} to the client$/);
    expectNoSecret(json, [key]);
    expectNoSecret(await cli(repo.dir, ['history']), [key]);
  });
});
