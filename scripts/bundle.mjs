// Bundles the CLI into dist/cli/scan-keys.js, started by dist/cli/main.js (after tsc has built dist/ for the library and its types).
// Node resolves and loads each ES module file one by one, and the CLI is about a hundred small
// files: one bundle saves every command, and the pre-commit hook above all, that start-up.
// Dependencies stay external (loaded from node_modules, and only when a command needs them).
// The reader thread's worker is bundled beside main.js, where the bundled read-pool looks for it.
// main.js itself is src/cli/bin.ts, a few lines that import the CLI bundle, scan-keys.js (src/cli/main.ts),
// so that a dependency missing at load time is a one-line error and exit 2, not Node's stack trace.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/cli/bin.ts', 'scan-keys': 'src/cli/main.ts', 'read-worker': 'src/sources/read-worker.ts' },
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
// tsc wrote main.js first (not executable), and esbuild keeps the mode of a file it overwrites.
chmodSync('dist/cli/main.js', 0o755);
