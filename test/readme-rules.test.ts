import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { builtinRules } from '../src/rules/index.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README rule table lists every built-in rule, and no other', () => {
  const table = README.slice(README.indexOf('<!-- rules:start'), README.indexOf('<!-- rules:end -->'));
  const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  expect(listed).toEqual(builtinRules.map((r) => r.id));
});

test('the README rule table is what scripts/rules-table.mjs makes of the built rules', () => {
  // Exits 1 when the table differs (npm test builds dist/ first).
  execFileSync(process.execPath, ['scripts/rules-table.mjs', '--check'], { cwd: new URL('..', import.meta.url), stdio: 'pipe' });
});
