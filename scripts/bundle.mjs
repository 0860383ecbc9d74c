// Bundles the CLI into dist/cli/scan-keys.js, started by dist/cli/main.js (after tsc has built dist/ for the library and its types).
// Node resolves and loads each ES module file one by one, and the CLI is about a hundred small
// files: one bundle saves every command, and the pre-commit hook above all, that start-up.
// The library's build keeps its runtime dependencies external (resolved from node_modules); the CLI bundles
// them, and the devDependency it imports too (fastest-levenshtein, for "did you mean").
// The reader thread's worker is bundled beside main.js, where the bundled read-pool looks for it.
// main.js itself is src/cli/bin.ts, a few lines that import the CLI bundle, scan-keys.js (src/cli/main.ts),
// so that a missing or damaged bundle is a one-line error and exit 2, not Node's stack trace.
// The library also gets a CommonJS build, dist/cjs/index.cjs, for projects that require() it.
import { chmodSync, readFileSync } from 'node:fs';
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

// The CLI carries its dependencies inside the bundle: resolving each package and parsing its CommonJS
// exports cost 15-25 ms of every start (the pre-commit hook's most of all), and a pruned node_modules
// cannot break the command. The CommonJS packages among them use require() and __filename, which an ES module lacks.
await build({
  ...common,
  external: [],
  // jsonc-parser's "main" is a UMD build whose require() calls esbuild cannot follow; its "module" is plain ESM.
  mainFields: ['module', 'main'],
  entryPoints: { main: 'src/cli/bin.ts', 'scan-keys': 'src/cli/main.ts', 'read-worker': 'src/sources/read-worker.ts' },
  outdir: 'dist/cli',
  format: 'esm',
  banner: {
    js: [
      "import { createRequire as __scanKeysRequire } from 'node:module';",
      "import { fileURLToPath as __scanKeysPath } from 'node:url';",
      'const require = __scanKeysRequire(import.meta.url);',
      'const __filename = __scanKeysPath(import.meta.url);',
    ].join('\n'),
  },
});
// tsc wrote main.js first (not executable), and esbuild keeps the mode of a file it overwrites.
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);

// CommonJS has no import.meta: the modules that find files beside themselves (package.json for the
// version) get this file's own URL instead. Two folders below the package root, like dist/cli/, so
// the version is found; the URL ends in .cjs, so the reader threads (whose worker is an ES module
// beside the ESM build) stay off and files are read in-thread.
await build({
  ...common,
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist/cjs',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  define: { 'import.meta.url': '__scanKeysModuleUrl' },
  banner: { js: "const __scanKeysModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
