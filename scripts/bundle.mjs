// Bundles the CLI into dist/cli/scan-keys.cjs, started by dist/cli/main.cjs (after tsc has built dist/ for the library and its types).
// Node resolves and loads each ES module file one by one, and the CLI is about a hundred small
// files: one bundle saves every command, and the pre-commit hook above all, that start-up.
// The library's build keeps its runtime dependencies external (resolved from node_modules); the CLI bundles
// them, and the devDependency it imports too (fastest-levenshtein, for "did you mean").
// main.cjs itself is src/cli/bin.ts, a few lines that compile the CLI bundle (src/cli/main.ts) with V8's
// code cache and run it, so that a missing or damaged bundle is a one-line error and exit 2, not Node's
// stack trace. The bundle is CommonJS because a code cache takes a classic script, not an ES module.
// The code cache itself is made last, by one warm-up run of the built CLI.
// The reader thread's worker is bundled beside each bundle that reads files (the CLI's, the CommonJS library's).
// The library also gets a CommonJS build, dist/cjs/index.cjs, for projects that require() it.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// Paths are the package's, wherever the build is started from.
const root = fileURLToPath(new URL('..', import.meta.url));

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Node's built-ins are external on platform node; each runtime dependency is resolved from node_modules.
  external: Object.keys(pkg.dependencies ?? {}),
  logLevel: 'warning',
};

// CommonJS has no import.meta: the modules that find files beside themselves (package.json for the
// version, the reader thread's worker) get their bundle's own URL instead.
const moduleUrl = {
  define: { 'import.meta.url': '__scanKeysModuleUrl' },
  banner: { js: "const __scanKeysModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

// The CLI carries its dependencies inside the bundle: resolving each package and parsing its CommonJS
// exports cost 15-25 ms of every start (the pre-commit hook's most of all), and a pruned node_modules
// cannot break the command.
const cli = {
  ...common,
  external: [],
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its "module" is plain ESM.
  mainFields: ['module', 'main'],
  outdir: 'dist/cli',
};
await build({ ...cli, ...moduleUrl, entryPoints: { main: 'src/cli/bin.ts', 'scan-keys': 'src/cli/main.ts' }, format: 'cjs', outExtension: { '.js': '.cjs' } });
// The reader thread, CommonJS too: a worker that is an ES module starts Node's ESM loader first (7-10 ms of its start-up).
// One beside each read-pool that starts it: the CLI bundle's, the CommonJS library's, and tsc's dist/sources/ for the ES module library.
const worker = { ...moduleUrl, entryPoints: { 'read-worker': 'src/sources/read-worker.ts' }, format: 'cjs', outExtension: { '.js': '.cjs' } };
for (const outdir of ['dist/cli', 'dist/cjs', 'dist/sources']) await build({ ...common, ...worker, outdir });
// The bin: npm links it executable, a direct run needs the mode.
chmodSync(new URL('../dist/cli/main.cjs', import.meta.url), 0o755);
// dist/cli/main.js was the bin before 0.2 (hooks and scripts may name it): the same launcher through one import.
// It replaces tsc's build of src/cli/main.ts, which only exports main() and, run, would scan nothing and exit 0.
writeFileSync(new URL('../dist/cli/main.js', import.meta.url), "#!/usr/bin/env node\n// The command's entry point is main.cjs; this name is kept for hooks that call it.\nimport './main.cjs';\n");
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);

// The CommonJS library, two folders below the package root like dist/cli/, so the version is found.
await build({ ...common, ...moduleUrl, entryPoints: { index: 'src/index.ts' }, outdir: 'dist/cjs', format: 'cjs', outExtension: { '.js': '.cjs' } });

/**
 * The code cache, taken after one run of the built CLI so that it holds the
 * functions a scan compiles, not only the top level: a folder with a source
 * file and a .env, nothing in either that is a key.
 */
function warmCodeCache() {
  rmSync(path.join(root, 'dist/cli/scan-keys.cache'), { force: true });
  let dir;
  try {
    dir = mkdtempSync(path.join(tmpdir(), 'scan-keys-warm-'));
  } catch (err) {
    // No temporary folder to scan: the CLI works without a cache (and writes one on its first run where it can).
    console.warn(`scan-keys build: no code cache (${err.code ?? err.message})`);
    return;
  }
  try {
    writeFileSync(path.join(dir, 'app.ts'), 'const key = process.env.OPENAI_API_KEY;\nexport default key;\n');
    writeFileSync(path.join(dir, '.env'), 'OPENAI_API_KEY=\nDEBUG=1\n');
    execFileSync(process.execPath, [path.join(root, 'dist/cli/main.cjs'), dir, '--format', 'json'], { stdio: 'ignore', env: { ...process.env, SCAN_KEYS_CODE_CACHE: '1' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
warmCodeCache();
