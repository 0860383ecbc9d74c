import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs build script, without types
import { inputsDigest, isUpToDate, STAMP } from '../../scripts/build.mjs';
import { tempDir } from '../support/repo.js';

const digest = inputsDigest as (root: string) => string;
const upToDate = isUpToDate as (root: string) => boolean;
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A package laid out like this one, enough for the digest: sources, configs, and a build stamp. */
function fakePackage(): string {
  const dir = tempDir('scan-keys-build-');
  for (const [file, text] of Object.entries({
    'src/index.ts': 'export const a = 1;\n',
    'src/cli/main.ts': 'console.log(1);\n',
    'package.json': '{}\n',
    'tsconfig.json': '{}\n',
  })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  mkdirSync(path.join(dir, 'dist'));
  writeFileSync(path.join(dir, STAMP as string), `${digest(dir)}\n`);
  return dir;
}

test('a build is up to date until a source changes; touching a file without changing it needs no build', () => {
  const dir = fakePackage();
  expect(upToDate(dir)).toBe(true);
  const later = new Date(Date.now() + 60_000);
  utimesSync(path.join(dir, 'src/index.ts'), later, later);
  expect(upToDate(dir)).toBe(true);
  writeFileSync(path.join(dir, 'src/cli/main.ts'), 'console.log(2);\n');
  expect(upToDate(dir)).toBe(false);
});

test('a new source file, a removed one or a changed package.json makes the build stale', () => {
  const added = fakePackage();
  writeFileSync(path.join(added, 'src/new.ts'), '');
  expect(upToDate(added)).toBe(false);

  const removed = fakePackage();
  rmSync(path.join(removed, 'src/cli/main.ts'));
  expect(upToDate(removed)).toBe(false);

  const pkg = fakePackage();
  writeFileSync(path.join(pkg, 'package.json'), '{"dependencies":{"x":"1"}}\n');
  expect(upToDate(pkg)).toBe(false);
});

test('no stamp (a fresh clone, or a build that failed half-way) is stale', () => {
  const dir = fakePackage();
  rmSync(path.join(dir, STAMP as string));
  expect(upToDate(dir)).toBe(false);
});

test("npm test's pretest does not rebuild the dist/ it just built", () => {
  // The test run itself follows a build (pretest, or npm run build): this checkout's dist/ is current.
  expect(readFileSync(path.join(PACKAGE_ROOT, STAMP as string), 'utf8').trim()).toBe(digest(PACKAGE_ROOT));
  const bundle = path.join(PACKAGE_ROOT, 'dist/cli/scan-keys.cjs');
  const before = statSync(bundle).mtimeMs;
  const out = execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  expect(out).toContain('up to date');
  expect(statSync(bundle).mtimeMs).toBe(before);
});
