import { describe, expect, test } from 'vitest';
import { tempRepo } from '../support/repo.js';
import { plant, run } from '../support/secrets.js';

/** Inline allow comments through the built CLI: on a minified line they cover only the key beside them. */

const KEY = plant.openaiProject(901);
const ANT = plant.anthropic(902);

/** One 5,000-character line as a bundler writes it: `head`, filler, then `tail`. */
const bundle = (head: string, tail: string) => {
  const line = head + 'var a=1;'.repeat(700).slice(0, 5000 - head.length - tail.length) + tail;
  expect(line).toHaveLength(5000);
  return `${line}\n`;
};

describe('allow comments in a minified bundle', () => {
  test('a directive at the start of a 5,000-character line does not let a key at its end through the commit check', async () => {
    const repo = tempRepo();
    repo.write('dist/app.min.js', bundle('/*! docs: add gitleaks:allow to a line to silence it */', `;var k="${KEY}";`));
    repo.git('add', '.');
    const r = await run(repo.dir, ['--staged', '--format', 'json']);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'dist/app.min.js', line: 1, rule: 'openai-project-key' }]);
  });

  test('a directive right beside a key on the same line allows that key and only that one', async () => {
    const repo = tempRepo();
    repo.write('dist/app.min.js', bundle(`var t="${ANT}";/* scan-keys:allow */`, `;var k="${KEY}";`));
    repo.write('dist/ok.min.js', bundle('', `;var k="${KEY}" /* scan-keys:allow */;`));
    const r = await run(repo.dir, ['.', '--format', 'json']);
    expect(r.exitCode).toBe(1);
    expect(r.json.findings).toMatchObject([{ file: 'dist/app.min.js', line: 1, rule: 'openai-project-key' }]);
    expect(r.json.findings).toHaveLength(1);
  });
});
