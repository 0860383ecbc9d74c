// Builds dist/: tsc (the library and its types), then the esbuild bundles (scripts/bundle.mjs).
// With --if-stale (npm test's pretest) it builds only when an input changed since the last build:
// `npm ci` has just built through prepare, and building again cost every test run its time.
// A digest of the inputs' contents, not their mtimes, decides: a checkout or a branch switch that
// restores the same bytes needs no build, and a clock or a copy that keeps old mtimes cannot fool it.
// The digest is written last, so a build that failed half-way is redone next time.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the build reads: a change in any of them changes dist/. */
const INPUTS = ['src', 'scripts/build.mjs', 'scripts/bundle.mjs', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
export const STAMP = 'dist/.build-inputs';

function filesUnder(root, entry) {
  const full = path.join(root, entry);
  let names;
  try {
    names = readdirSync(full, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOTDIR') return [entry];
    if (err.code === 'ENOENT') return [];
    throw err;
  }
  return names.flatMap((d) => filesUnder(root, path.posix.join(entry, d.name)));
}

/** A digest of every input file's name and bytes, in a stable order. */
export function inputsDigest(root) {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((entry) => filesUnder(root, entry)).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

const readStamp = (root) => {
  try {
    return readFileSync(path.join(root, STAMP), 'utf8').trim();
  } catch {
    return undefined;
  }
};

export function isUpToDate(root) {
  return readStamp(root) === inputsDigest(root);
}

async function build(root) {
  rmSync(path.join(root, STAMP), { force: true });
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  await import('./bundle.mjs');
  writeFileSync(path.join(root, STAMP), `${inputsDigest(root)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (process.argv.includes('--if-stale') && isUpToDate(root)) {
    console.log('dist/ is up to date (no input changed since the last build)');
  } else {
    try {
      await build(root);
    } catch (err) {
      // tsc has printed its errors already; a stack trace would only bury them.
      console.error(`build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      process.exitCode = 1;
    }
  }
}
