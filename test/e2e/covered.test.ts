import { expect, test } from 'vitest';
import { cli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

/** Every format says what a history or ci scan covered, so that "clean" and "looked at nothing" read differently. */
test('github, sarif and html say how many commits a history scan covered', async () => {
  const repo = tempRepo();
  for (const n of [1, 2]) {
    repo.write(`f${n}.ts`, `export const n = ${n};\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', `c${n}`);
  }
  const github = await cli(repo.dir, ['history', '--format', 'github']);
  expect(github.stdout).toContain('in 2 commit(s), 2 file(s)');
  const sarif = await cli(repo.dir, ['history', '--format', 'sarif']);
  expect(JSON.parse(sarif.stdout).runs[0].properties.covered).toMatchObject({ commits: 2, files: 2 });
  const html = await cli(repo.dir, ['history', '--format', 'html']);
  expect(html.stdout).toMatch(/<div class="value">2<\/div><div class="label">commits scanned<\/div>/);
  const folder = await cli(repo.dir, ['.', '--format', 'sarif']);
  expect(JSON.parse(folder.stdout).runs[0].properties.covered).toEqual({ files: 2, bytes: 40 });
});
