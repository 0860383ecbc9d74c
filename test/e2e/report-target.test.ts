import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Log } from 'sarif';
import { beforeAll, describe, expect, test } from 'vitest';
import { fake, seededRandom } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { leakedWindow } from '../support/findings.js';
import { commit, sha, tempDir, tempRepo, type TempRepo } from '../support/repo.js';
import { sarifErrors } from '../support/sarif-schema.js';

/** A password and a token made at run time: the tests prove neither ever reaches a report. */
const random = seededRandom(9120);
const password = `pw${Array.from({ length: 16 }, () => 'abcdefghjkmnpqrstuvwxyz23456789'.charAt(Math.floor(random() * 31))).join('')}`;
const token = fake.githubClassic(9121);
const queryToken = `qt${password.slice(2)}`;

const projectKey = fake.openaiProject(9122);
const legacyKey = fake.openaiLegacy(9123);

/** Everything a run printed and wrote, to look for what must not be there. */
const everything = (run: CliRun, ...files: string[]) => [run.stdout, run.stderr, ...files.map((f) => readFileSync(f, 'utf8'))].join('\n');

function expectNoCredentials(text: string) {
  expect(text).not.toContain(password);
  expect(text).not.toContain(queryToken);
  expect(leakedWindow(text, [token, projectKey, legacyKey])).toBeUndefined();
}

/**
 * A repository whose remotes carry credentials in their URLs: origin a user
 * and password plus a token in the query, fork a token where the user name
 * goes. A legacy key in a.ts is made a warning by the config; a project key
 * in b.ts stays an error.
 */
function repoWithCredentials(): { repo: TempRepo; head: string } {
  const repo = tempRepo();
  repo.git('remote', 'add', 'origin', `https://alice:${password}@example.com/org/app.git?private_token=${queryToken}`);
  repo.git('remote', 'add', 'fork', `https://${token}@git.example.com/alice/app.git`);
  const head = commit(repo, 'init', {
    'scan-keys.config.json': JSON.stringify({ rules: { 'openai-legacy-key': 'warning' } }),
    'src/a.ts': `export const legacy = "${legacyKey}";\n`,
    'src/b.ts': `export const project = "${projectKey}";\n`,
  });
  return { repo, head };
}

describe('reports say what they cover', () => {
  let repo: TempRepo;
  let head: string;
  beforeAll(() => {
    ({ repo, head } = repoWithCredentials());
  });

  test('JSON: scan.target names the remote without credentials, the branch, HEAD and the paths', async () => {
    const run = await cli(repo.dir, ['--format', 'json', 'src']);
    expect(run.exitCode, run.stderr).toBe(1);
    expect(run.json.scan).toEqual({
      target: { repository: 'https://example.com/org/app.git', branch: 'main', head, paths: ['src'] },
    });
    expectNoCredentials(everything(run));
  });

  test('the remote the branch tracks wins over origin, and a token in the user name is cut', async () => {
    const tracked = tempRepo();
    tracked.git('remote', 'add', 'origin', `https://alice:${password}@example.com/org/app.git`);
    tracked.git('remote', 'add', 'fork', `https://${token}@git.example.com/alice/app.git`);
    commit(tracked, 'init', { 'README.md': '# app\n' });
    tracked.git('config', 'branch.main.remote', 'fork');
    const run = await cli(tracked.dir, ['--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.json.scan.target).toEqual({ repository: 'https://git.example.com/alice/app.git', branch: 'main', head: sha(tracked), paths: ['.'] });
    expectNoCredentials(everything(run));
  });

  test('SARIF: versionControlProvenance has the repository URI, HEAD and the branch, and the log stays valid', async () => {
    const run = await cli(repo.dir, ['--format', 'sarif']);
    expect(run.exitCode, run.stderr).toBe(1);
    const log = run.json as Log;
    expect(sarifErrors(log)).toEqual([]);
    expect(log.runs[0]!.versionControlProvenance).toEqual([
      { repositoryUri: 'https://example.com/org/app.git', revisionId: head, branch: 'main', mappedTo: { uriBaseId: '%SRCROOT%' } },
    ]);
    expectNoCredentials(everything(run));
  });

  test("SARIF: git's scp-like remote becomes an ssh:// URI; a repository with no remote gives no provenance", async () => {
    const scp = tempRepo();
    scp.git('remote', 'add', 'origin', 'git@example.com:org/app.git');
    commit(scp, 'init', { 'README.md': '# app\n' });
    const withRemote = (await cli(scp.dir, ['--format', 'sarif'])).json as Log;
    expect(sarifErrors(withRemote)).toEqual([]);
    expect(withRemote.runs[0]!.versionControlProvenance?.[0]?.repositoryUri).toBe('ssh://git@example.com/org/app.git');

    scp.git('remote', 'remove', 'origin');
    const local = (await cli(scp.dir, ['--format', 'sarif'])).json as Log;
    expect(sarifErrors(local)).toEqual([]);
    expect(local.runs[0]!.versionControlProvenance).toBeUndefined();
  });

  test('HTML: the header names repository, branch, HEAD and paths with a human date; errors come before warnings', async () => {
    const out = path.join(tempDir(), 'report.html');
    const before = Date.now();
    const run = await cli(repo.dir, ['--format', 'html', '-o', out, 'src']);
    expect(run.exitCode, run.stderr).toBe(1);
    const html = readFileSync(out, 'utf8');
    const header = html.slice(html.indexOf('<header class="top">'), html.indexOf('</header>'));
    expect(header).toContain('<dt>Repository</dt><dd><code>https://example.com/org/app.git</code></dd>');
    expect(header).toContain('<dt>Branch</dt><dd><code>main</code></dd>');
    expect(header).toContain(`<code title="${head}">${head.slice(0, 12)}</code>`);
    expect(header).toContain('<dt>Scanned</dt><dd><code>src</code></dd>');

    const time = /<time datetime="([^"]+)" title="([^"]+)">(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4}), (\d\d):(\d\d) UTC<\/time>/.exec(header);
    expect(time, header).not.toBeNull();
    const [, datetime, title, day, month, year, hours, minutes] = time!;
    expect(title).toBe(datetime);
    const at = new Date(datetime!);
    expect(at.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(at.getTime()).toBeLessThanOrEqual(Date.now());
    expect([Number(day), month, Number(year), Number(hours), Number(minutes)]).toEqual([
      at.getUTCDate(),
      at.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' }),
      at.getUTCFullYear(),
      at.getUTCHours(),
      at.getUTCMinutes(),
    ]);
    // The raw ISO timestamp is no longer the visible text.
    expect(header).not.toContain(`generated ${datetime}`);

    // a.ts (a warning) comes before b.ts in file order; errors first puts b.ts's key first, in the cards and the table.
    const rows = [...html.matchAll(/<tr class="finding" data-severity="\d (\w+)"[^>]* data-file="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual([
      ['error', 'src/b.ts'],
      ['warning', 'src/a.ts'],
    ]);
    const cards = html.split('<article class="secret').slice(1);
    expect(cards.map((c) => /<td class="file">([^<]+)<\/td>/.exec(c)?.[1])).toEqual(['src/b.ts', 'src/a.ts']);
    expectNoCredentials(everything(run, out));
  });

  test('HTML of a history scan: the revisions, and history advice instead of "remove it from the file"', async () => {
    const run = await cli(repo.dir, ['history', '--format', 'html']);
    expect(run.exitCode, run.stderr).toBe(1);
    const html = run.stdout;
    expect(html).toContain('<dt>Revisions</dt><dd><code>every ref and stash (--all)</code></dd>');
    const cards = html.split('<article class="secret').slice(1);
    expect(cards).toHaveLength(2);
    for (const card of cards) {
      expect(card).toContain('it is in the git history, so every clone and fork holds a copy');
      expect(card).toContain(`It was introduced in commit ${head.slice(0, 12)}`);
      expect(card).toContain('deleting that branch and its remote copy');
      expect(card).not.toContain('Remove it from the file');
    }
    expectNoCredentials(everything(run));
  });

  test('JSON of history and ci scans: the revisions as given', async () => {
    const named = await cli(repo.dir, ['history', '--format', 'json', 'main']);
    expect(named.json.scan.target).toEqual({ repository: 'https://example.com/org/app.git', branch: 'main', head, revisions: ['main'] });

    const next = commit(repo, 'more', { 'README.md': '# app\n' });
    const ci = await cli(repo.dir, ['ci', '--format', 'json', '--base', head, '--head', next]);
    expect(ci.exitCode, ci.stderr).toBe(0);
    expect(ci.json.scan.target).toEqual({ repository: 'https://example.com/org/app.git', branch: 'main', head: next, revisions: [next, `^${head}`] });
    repo.git('reset', '-q', '--hard', head);
    expectNoCredentials(everything(named) + everything(ci));
  });

  test('--staged: the target has no paths, and the HTML says it covered the staged changes', async () => {
    const staged = tempRepo();
    staged.git('remote', 'add', 'origin', `https://alice:${password}@example.com/org/app.git`);
    const first = commit(staged, 'init', { 'README.md': '# app\n' });
    staged.write('src/new.ts', `export const k = "${projectKey}";\n`);
    staged.git('add', 'src/new.ts');
    const json = await cli(staged.dir, ['--staged', '--format', 'json']);
    expect(json.exitCode, json.stderr).toBe(1);
    expect(json.json.scan.target).toEqual({ repository: 'https://example.com/org/app.git', branch: 'main', head: first });
    const html = await cli(staged.dir, ['--staged', '--format', 'html']);
    expect(html.stdout).toContain('<dt>Scanned</dt><dd>the staged changes</dd>');
    expectNoCredentials(everything(json) + everything(html));
  });

  test('a detached HEAD has no branch; an unborn branch has no HEAD; outside git only the paths are known', async () => {
    const detached = tempRepo();
    const at = commit(detached, 'init', { 'README.md': '# app\n' });
    detached.git('checkout', '-q', '--detach');
    expect((await cli(detached.dir, ['--format', 'json'])).json.scan.target).toEqual({ head: at, paths: ['.'] });

    const unborn = tempRepo();
    unborn.write('README.md', '# app\n');
    expect((await cli(unborn.dir, ['--format', 'json'])).json.scan.target).toEqual({ branch: 'main', paths: ['.'] });
    expect((await cli(unborn.dir, ['--format', 'html'])).stdout).toContain('<dt>Repository</dt><dd>a local repository (no remote)</dd>');

    const plain = tempDir();
    const outside = await cli(plain, ['--format', 'json']);
    expect(outside.exitCode, outside.stderr).toBe(0);
    expect(outside.json.scan.target).toEqual({ paths: ['.'] });
  });

  test('the text report (the hook) runs no git call to gather the target; JSON does', async () => {
    const traced = async (format: string) => {
      const trace = path.join(tempDir(), 'trace.log');
      await cli(repo.dir, ['--staged', '--format', format], { GIT_TRACE: trace });
      return readFileSync(trace, 'utf8');
    };
    const gathering = /symbolic-ref -q HEAD|config -z --get-regexp/;
    expect(await traced('json')).toMatch(gathering);
    expect(await traced('text')).not.toMatch(gathering);
  });
});
