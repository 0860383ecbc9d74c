/**
 * npm run bench: builds (npm does that first), makes or reuses the corpus,
 * and prints one table of figures. A script that prints numbers, not a test:
 * it fails (exit 1) only when a planted key was missed or something
 * unexpected was reported, never because a figure is slow.
 *
 *   node bench/run.mjs [--runs N] [--staged-runs N]
 */
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkPassed } from './cli.mjs';
import { ensureCorpus } from './corpus.mjs';
import { floorCase } from './floor.mjs';
import { folderCase } from './folder.mjs';
import { ensureNpmTree } from './npm-tree.mjs';
import { RG_ARGS, ripgrepCase } from './ripgrep.mjs';
import { ensureStagedRepo, stagedCases } from './staged.mjs';
import { startupCases } from './startup.mjs';
import { roundRatios, rssMethod } from './timing.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'staged-runs': { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const stagedRuns = Number(values['staged-runs']);
const root = fileURLToPath(new URL('./.corpus/', import.meta.url));

const ms = (n) => `${Math.round(n)} ms`;
const mb = (kb) => (kb === undefined ? '-' : `${Math.round(kb / 1024)} MB`);
const cpu = (s) => (s === undefined ? '-' : ms(s * 1000));
const pct = (x) => (x === undefined ? '-' : `${Math.round(x * 100)}%`);
const row = (cells) => console.log(cells.map((c, i) => (i === 0 ? String(c).padEnd(34) : String(c).padStart(9))).join(' '));
const timed = (label, m, note = '') =>
  row([label, ms(m.median), ms(m.min), ms(m.max), m.runs, cpu(m.cpuSeconds), mb(m.rssKb), pct(m.othersLoad), note]);

const log = (s) => process.stderr.write(`${s}\n`);
log('bench: preparing the corpus (first run only: about a minute)...');
const corpus = await ensureCorpus(root);
const stagedRepo = await ensureStagedRepo(root);
log('bench: measuring...');
const startup = await startupCases(stagedRuns);
const folder = await folderCase(corpus, runs);
const rg = await ripgrepCase(corpus, runs);
const { staged, floor: stagedFloor } = await stagedCases(stagedRepo, stagedRuns);
const tree = await ensureNpmTree(root);
const floors = [
  ['bench corpus', await floorCase(corpus.dir, runs)],
  [`npm tree (${tree.manifest.packages.length} packages)`, await floorCase(tree.dir, runs)],
];

const { manifest } = corpus;
console.log(`scan-keys bench: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'})`);
console.log(
  `corpus: ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB, ${manifest.planted.length} planted keys, seed ${manifest.seed}` +
    `${corpus.reused ? ' (reused)' : ' (generated)'}; staged repo: ${stagedRepo.manifest.staged} of ${stagedRepo.manifest.files} files staged`,
);
console.log('');
row(['case', 'median', 'min', 'max', 'runs', 'CPU', 'peak RSS', 'others', '']);
timed('node -e 0 (Node start-up)', startup.node);
timed('scan-keys --version', startup.version);
const fc = folder.check;
timed(
  'folder scan (--format json)',
  folder,
  `  ${folder.mbPerSecond.toFixed(0)} MB/s, ${Math.round(folder.filesPerSecond)} files/s, ${fc.summary.files} files scanned, ` +
    `${fc.summary.skipped.length} skipped; keys found ${fc.found}/${fc.planted}, unexpected ${fc.unexpected}, .env warnings ${fc.dotenv}`,
);
if (rg) {
  timed(`rg ${RG_ARGS.slice(0, 2).join(' ')} (same keywords)`, rg, `  ${rg.files} files with a hit`);
  const ratio = folder.median / rg.median;
  console.log(`${'folder scan / rg'.padEnd(34)} ${`${ratio.toFixed(2)}x`.padStart(10)}   (target within 3x, goal 2x)`);
} else {
  console.log('rg: not installed, comparison skipped (apt-get install ripgrep)');
}
const sc = staged.check;
timed(
  'staged scan (10 of 2,000 files)',
  staged,
  `  keys found ${sc.found}/${sc.planted}, unexpected ${sc.unexpected} (target under 250 ms)`,
);
timed('staged floor (node + 2 git calls)', stagedFloor, `  --staged takes ${(staged.median / stagedFloor.median).toFixed(2)}x its floor (interleaved; ${roundRatios(staged.times, stagedFloor.times)})`);
console.log('');
console.log(`folder scans beside their floor, interleaved round by round, median of ${runs} (node floor: bench/floor-reader.mjs)`);
row(['folder', 'scan-keys', 'node', 'rg', 'vs node', 'vs rg', 'RSS', 'CPU', 'others', '']);
for (const [label, { stats, summary, othersLoad }] of floors) {
  const sk = stats['scan-keys'];
  const node = stats['node floor'];
  const rgs = stats.rg;
  row([
    label,
    ms(sk.median),
    ms(node.median),
    rgs ? ms(rgs.median) : '-',
    `${(sk.median / node.median).toFixed(2)}x`,
    rgs ? `${(sk.median / rgs.median).toFixed(2)}x` : '-',
    mb(sk.rssKb),
    cpu(sk.cpuSeconds),
    pct(othersLoad),
    `  ${summary.files} files, ${(summary.bytes / 1e6).toFixed(0)} MB (targets: 1.3x node, RSS under 150 MB)`,
  ]);
}
console.log('');
console.log(`median/min/max: wall time from spawn to exit of the timed runs, after one warm-up. CPU: median user+system time`);
console.log(`of a run (all threads). peak RSS: ${rssMethod}. others: share of the machine's CPU that other processes`);
console.log('used during the timed runs (the figures are only comparable when it is near 0%).');

if (!checkPassed(fc) || !checkPassed(sc)) {
  log('bench: FAILED: the scan missed a planted key or reported something unexpected (see the table)');
  process.exitCode = 1;
}
