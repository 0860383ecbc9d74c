import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { KEY_VARIABLES } from '../../src/doctor/variables.js';
import { SDK_VARIABLES } from '../../src/dotenv/rules/key-name.js';
import { ENDPOINTS } from '../../src/probe/endpoints.js';

test('doctor checks every name an SDK reads, for each provider the probe table can ask', () => {
  const probed = new Set(Object.values(ENDPOINTS).map((e) => e.provider as string));
  const expected = SDK_VARIABLES.filter((s) => probed.has(s.provider)).flatMap((s) => [s.name, ...(s.also ?? [])]);
  expect(KEY_VARIABLES.map((v) => v.variable)).toEqual(expected);
  for (const v of KEY_VARIABLES) expect(ENDPOINTS[v.defaultRule]?.provider, v.variable).toBe(v.provider);
});

test("the README's doctor section names every variable doctor checks", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Why does my key give 401?'), readme.indexOf('## JSON output'));
  const missing = KEY_VARIABLES.filter((v) => !section.includes(`\`${v.variable}\``)).map((v) => v.variable);
  expect(missing).toEqual([]);
});
