import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { tempDir, tempRepo, testEnv } from '../support/repo.js';
import { expectNoLeak, plant } from '../support/secrets.js';

/**
 * A CommonJS project (no "type": "module") that require()s the package, as
 * npm lays it out: node_modules/scan-keys is this checkout (built dist/ and
 * package.json), so resolution goes through package.json's exports.
 */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function commonjsProject(): string {
  const dir = tempDir('scan-keys-cjs-');
  mkdirSync(path.join(dir, 'node_modules'));
  symlinkSync(PACKAGE_ROOT, path.join(dir, 'node_modules', 'scan-keys'), 'dir');
  return dir;
}

const node = (cwd: string, script: string) =>
  execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', env: testEnv(), stdio: ['ignore', 'pipe', 'pipe'] });

test("require('scan-keys') from a CommonJS project scans text, folders and staged files", () => {
  const project = commonjsProject();
  const repo = tempRepo();
  const key = plant.openaiProject(31);
  repo.write('src/app.js', `const client = new OpenAI({ apiKey: "${key}" });\n`);
  repo.write('.env', `ANTHROPIC_API_KEY=x \n`);
  repo.git('add', 'src/app.js');
  const script = `
    const scanKeys = require('scan-keys');
    const show = (f) => f.rule + ' ' + f.file + ':' + f.line;
    (async () => {
      const text = await scanKeys.scanText('k = "' + ${JSON.stringify(key)} + '"', { path: 'a.py' });
      const files = await scanKeys.scanPaths({ cwd: ${JSON.stringify(repo.dir)} });
      const staged = await scanKeys.scanStaged({ cwd: ${JSON.stringify(repo.dir)} });
      console.log(JSON.stringify({
        text: text.map(show), files: files.findings.map(show).sort(), staged: staged.findings.map(show),
        rules: scanKeys.builtinRules.length, redacted: text[0].redacted,
      }));
    })().catch((err) => { console.error(err); process.exit(3); });`;
  const out = node(project, script);
  expectNoLeak(out);
  const result = JSON.parse(out) as { text: string[]; files: string[]; staged: string[]; rules: number; redacted: string };
  expect(result.text).toEqual(['openai-project-key a.py:1']);
  expect(result.files).toContain('openai-project-key src/app.js:1');
  expect(result.staged).toEqual(['openai-project-key src/app.js:1']);
  expect(result.rules).toBeGreaterThan(10);
  expect(result.redacted).toMatch(/^sk-proj-…/);
});

test('the CommonJS build is the same library: same findings and fingerprints, same error classes, as the ES module build', async () => {
  const project = commonjsProject();
  const key = plant.anthropic(32);
  const script = `
    const cjs = require('scan-keys');
    import('scan-keys').then(async (esm) => {
      const [a] = await cjs.scanText(${JSON.stringify(key)});
      const [b] = await esm.scanText(${JSON.stringify(key)});
      console.log(JSON.stringify({ same: a.fingerprint === b.fingerprint, rule: a.rule, cjsError: cjs.UsageError.name, esmIsNotCjs: cjs.scanText !== esm.scanText }));
    });`;
  const out = node(project, script);
  expectNoLeak(out);
  expect(JSON.parse(out)).toEqual({ same: true, rule: 'anthropic-api-key', cjsError: 'UsageError', esmIsNotCjs: true });
});

test('the CommonJS build reads a large folder with its reader thread too, and misses nothing', () => {
  const project = commonjsProject();
  const dir = tempDir();
  // Past the size below which the main thread reads alone: the worker beside dist/cjs/index.cjs shares the reading.
  for (let i = 0; i < 600; i++) writeFileSync(path.join(dir, `f${i}.txt`), `line ${i}\n`);
  const keys = [plant.openaiProject(33), plant.anthropic(34)];
  writeFileSync(path.join(dir, 'f7.txt'), `k = "${keys[0]}"\n`);
  writeFileSync(path.join(dir, 'f598.txt'), `k = "${keys[1]}"\n`);
  const script = `
    require('scan-keys').scanPaths({ cwd: ${JSON.stringify(dir)} })
      .then((r) => console.log(JSON.stringify({ found: r.findings.map((f) => f.rule + ' ' + f.file).sort(), files: r.summary.files })))
      .catch((err) => { console.error(err.message); process.exit(3); });`;
  const out = node(project, script);
  expectNoLeak(out);
  expect(JSON.parse(out)).toEqual({ found: ['anthropic-api-key f598.txt', 'openai-project-key f7.txt'], files: 600 });
});
