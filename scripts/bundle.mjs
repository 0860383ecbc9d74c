// Bundles the CLI into dist/cli/main.js (after tsc has built dist/ for the library and its types).
// Node resolves and loads each ES module file one by one, and the CLI is about a hundred small
// files: one bundle saves every command, and the pre-commit hook above all, that start-up.
// Dependencies stay external (loaded from node_modules, and only when a command needs them).
// The reader thread's worker is bundled beside main.js, where the bundled read-pool looks for it.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/cli/main.ts', 'read-worker': 'src/sources/read-worker.ts' },
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
