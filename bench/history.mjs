#!/usr/bin/env node
/**
 * History benchmark: `node bench/history.mjs [runs]` (after `npm run build`;
 * 5 interleaved runs of each case by default, more for a noisy machine).
 *
 * Builds a deterministic repository of about 5,000 commits with git
 * fast-import in bench/.corpus/ (git-ignored), plants a few fake keys built at
 * run time by the package's own `fake` export (never literals), then times
 * `scan-keys history --format json` on it, checks that every planted key is
 * found at the right commit, and prints blobs/s and MB/s, once reading every
 * blob (--no-cache) and once with the clean-blob cache warm. Beside them, two
 * floors on the same repository: the least a Node program can do for the same
 * job (bench/floor-history.mjs: the first audit's two git processes, every
 * byte read, indexOf the anchors), and `git cat-file --batch-all-objects
 * --batch | rg -c` when ripgrep is installed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { installed, measureInterleaved, roundRatios } from './timing.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli', 'main.cjs');
const CORPUS = path.join(ROOT, 'bench', '.corpus', 'history');
/** Bump when the generator changes, so an old corpus is rebuilt. */
const GENERATOR_VERSION = 2;
const COMMITS = 5000;
const FILES = 240;
const RUNS = Number(process.argv[2] ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) {
  console.error('usage: node bench/history.mjs [runs]   (runs: a whole number, 1 or more)');
  process.exit(2);
}

if (!existsSync(CLI)) {
  console.error('bench/history.mjs: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { fake, fingerprint } = await import(path.join(ROOT, 'dist', 'index.js'));
// The same deterministic generator the fake keys use: the corpus is identical on every machine.
const { seededRandom: random, OPENAI_MARKER } = await import(path.join(ROOT, 'dist', 'rules', 'fake.js'));

const WORDS = 'const let return import export from function async await value result request response config user item list map filter reduce error message count index length string number boolean'.split(' ');

/** A source-like file of about `lines` lines. */
function fileContent(rand, lines) {
  const out = [];
  for (let i = 0; i < lines; i++) {
    const n = 3 + Math.floor(rand() * 9);
    const words = [];
    for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
    out.push(`${'  '.repeat(Math.floor(rand() * 3))}${words.join(' ')}; // ${Math.floor(rand() * 1e9).toString(36)}`);
  }
  return `${out.join('\n')}\n`;
}

/** The planted keys: where each goes in, where (if anywhere) it is removed, and on which line of history. */
function plan() {
  return [
    { name: 'added then deleted', key: fake.openaiProject(9001), rule: 'openai-project-key', file: 'src/mod7/client.ts', at: 1200, removeAt: 1215 },
    { name: 'in an env file, deleted', key: fake.anthropic(9002), rule: 'anthropic-api-key', file: 'deploy/.env.production', at: 2600, removeAt: 2601 },
    { name: 'still at HEAD', key: fake.openaiLegacy(9003), rule: 'openai-legacy-key', file: 'scripts/seed.py', at: 4100 },
    { name: 'side branch only', key: fake.openaiServiceAccount(9004), rule: 'openai-service-account-key', file: 'experiments/try.ts', branch: 'experiment' },
    { name: 'tag only', key: fake.openaiAdmin(9005), rule: 'openai-admin-key', file: 'release/env.js', tag: 'v0.9.0-rc' },
  ];
}

/** The fast-import stream: COMMITS commits on main, one on a side branch, one reachable only from a tag. */
function fastImportStream(planted) {
  const rand = random(42);
  const chunks = [];
  const data = (text) => {
    const bytes = Buffer.from(text);
    chunks.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  const paths = Array.from({ length: FILES }, (_, i) => `src/mod${i % 24}/file${i}.ts`);
  const mark = (i) => `:${i + 1}`;
  const stamp = (i) => `${1_600_000_000 + i * 900} +0000`;
  const commitHead = (ref, i, message) => {
    chunks.push(Buffer.from(`commit ${ref}\nmark ${mark(i)}\nauthor Bench Author <bench@example.invalid> ${stamp(i)}\ncommitter Bench Author <bench@example.invalid> ${stamp(i)}\n`));
    data(message);
  };
  const put = (file, text) => {
    chunks.push(Buffer.from(`M 100644 inline ${file}\n`));
    data(text);
  };
  const shas = new Map();
  for (let i = 0; i < COMMITS; i++) {
    commitHead('refs/heads/main', i, `commit ${i}`);
    if (i > 0) chunks.push(Buffer.from(`from ${mark(i - 1)}\n`));
    if (i === 0) for (const p of paths) put(p, fileContent(rand, 60 + Math.floor(rand() * 80)));
    else for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) put(paths[Math.floor(rand() * paths.length)], fileContent(rand, 60 + Math.floor(rand() * 80)));
    for (const p of planted) {
      if (p.at === i) put(p.file, `// planted: ${p.name}\n${fileContent(rand, 20)}export const key = "${p.key}";\n`);
      if (p.removeAt === i) put(p.file, `// planted: ${p.name}, removed\nexport const key = process.env.KEY;\n`);
      if (p.at === i) shas.set(p.name, mark(i));
    }
  }
  let next = COMMITS;
  for (const p of planted.filter((x) => x.branch || x.tag)) {
    const ref = p.branch ? `refs/heads/${p.branch}` : 'refs/heads/tmp-tagged';
    commitHead(ref, next, p.name);
    chunks.push(Buffer.from(`from ${mark(3000)}\n`));
    put(p.file, `export const key = "${p.key}";\n`);
    shas.set(p.name, mark(next));
    if (p.tag) chunks.push(Buffer.from(`tag ${p.tag}\nfrom ${mark(next)}\ntagger Bench Author <bench@example.invalid> ${stamp(next)}\n`), Buffer.from('data 3\nrc\n\n'));
    next++;
  }
  chunks.push(Buffer.from('done\n'));
  return { stream: Buffer.concat(chunks), marks: shas };
}

function git(args, options = {}) {
  return execFileSync('git', args, { cwd: CORPUS, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
}

/** Builds the corpus unless the one on disk was made by this generator. */
function corpus(planted) {
  const stampFile = path.join(CORPUS, '.git', 'bench-generator');
  const marksFile = path.join(CORPUS, '.git', 'bench-marks');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === String(GENERATOR_VERSION)) {
    return new Map(JSON.parse(readFileSync(marksFile, 'utf8')));
  }
  rmSync(CORPUS, { recursive: true, force: true });
  mkdirSync(CORPUS, { recursive: true });
  const started = performance.now();
  git(['init', '-q', '-b', 'main']);
  const { stream, marks } = fastImportStream(planted);
  git(['fast-import', '--quiet', '--done', `--export-marks=${path.join(CORPUS, '.git', 'marks')}`], { input: stream });
  git(['branch', '-q', '-D', 'tmp-tagged']);
  // fast-import's pack is a quick one (git's docs advise a repack); a clone gets a pack like this one.
  git(['repack', '-a', '-d', '-f', '-q']);
  git(['reset', '-q', '--hard', 'main']);
  const byMark = new Map(
    readFileSync(path.join(CORPUS, '.git', 'marks'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ')),
  );
  const shas = [...marks].map(([name, m]) => [name, byMark.get(m)]);
  writeFileSync(marksFile, JSON.stringify(shas));
  writeFileSync(stampFile, String(GENERATOR_VERSION));
  console.log(`built the corpus in ${((performance.now() - started) / 1000).toFixed(1)} s: ${CORPUS}`);
  return new Map(shas);
}

/** The two anchors the floors look for, as bench/floor.mjs's do: every planted key holds one of them. */
const ANCHORS = [OPENAI_MARKER, 'sk-ant-'];

/**
 * The cases, run in turn round by round after one warm-up each (page cache,
 * pack index; the cached case's warm-up leaves the cache its timed runs read):
 * every blob read (--no-cache), the clean-blob cache a previous run left (the
 * nightly case), the Node floor (bench/floor-history.mjs: Node's start-up and
 * the first audit's two git processes, every byte read), and ripgrep's floor
 * (every object read once and grepped for the anchors, nothing else).
 */
function cases() {
  const audit = (extra) => [process.execPath, [CLI, 'history', '--format', 'json', ...extra]];
  return {
    scan: audit(['--no-cache']),
    cached: audit([]),
    nodeFloor: [process.execPath, [path.join(ROOT, 'bench', 'floor-history.mjs'), ...ANCHORS]],
    ...(installed('rg') ? { floor: ['bash', ['-c', `set -o pipefail; git cat-file --batch-all-objects --batch | rg -c -a '${ANCHORS.join('|')}'`]] } : {}),
  };
}

/**
 * A case's output, from its last timed run (the cached case's then reads a
 * warm cache), once it exited as it should (measureInterleaved holds every
 * run to its warm-up's exit code): a report (exit 1: keys found) or a count of
 * anchors (exit 0).
 */
function outputOf(name, { last }) {
  const expected = name === 'scan' || name === 'cached' ? 1 : 0;
  if (last.code !== expected) throw new Error(`bench/history.mjs: the ${name} case exited ${last.code}, not ${expected}: ${last.stderr.split('\n')[0]}`);
  return expected === 1 ? JSON.parse(last.stdout) : Number(last.stdout.trim());
}

const planted = plan();
const shas = corpus(planted);
const objects = git(['count-objects', '-v']);
const packBytes = Number(/size-pack: (\d+)/.exec(objects)?.[1] ?? 0) * 1024;

const timed = await measureInterleaved(cases(), { cwd: CORPUS, runs: RUNS });
const output = Object.fromEntries(Object.entries(timed).map(([name, m]) => [name, outputOf(name, m)]));
const withFloor = timed.floor !== undefined;
const ms = timed.scan.median;
const report = output.scan;
const missing = planted.filter((p) => {
  const fp = fingerprint(p.rule, p.key);
  return !report.findings.some((f) => f.fingerprint === fp && f.file === p.file && f.commit?.sha === shas.get(p.name));
});
if (missing.length > 0) {
  console.error(`bench/history.mjs: planted keys not found at their commit: ${missing.map((p) => p.name).join(', ')}`);
  process.exit(1);
}
const { files, bytes } = report.summary;
const seconds = ms / 1000;
console.log(`history: ${COMMITS} commits, ${files} unique blobs, ${(bytes / 1e6).toFixed(1)} MB of blobs (pack ${(packBytes / 1e6).toFixed(1)} MB)`);
console.log(
  `  scan-keys history --format json   ${seconds.toFixed(2)} s   ${Math.round(files / seconds)} blobs/s   ${(bytes / 1e6 / seconds).toFixed(1)} MB/s   (${planted.length}/${planted.length} planted keys found at their commit; median of ${RUNS}${timed.scan.othersLoad === undefined ? '' : `; other processes used ${Math.round(timed.scan.othersLoad * 100)}% of the machine meanwhile`})`,
);
const cached = timed.cached;
if (JSON.stringify({ ...output.cached.findings }) !== JSON.stringify({ ...report.findings })) {
  console.error('bench/history.mjs: the run with the clean-blob cache reported other findings than the full run');
  process.exit(1);
}
console.log(`  scan-keys history, clean-blob cache warm   ${(cached.median / 1000).toFixed(2)} s   (the same ${output.cached.findings.length} findings; a nightly audit of an unchanged history)`);
const nodeFloor = timed.nodeFloor;
// A floor that read nothing would be fast: it must have seen the anchors of every planted key.
if (output.nodeFloor < planted.length) {
  console.error(`bench/history.mjs: the Node floor saw ${output.nodeFloor} anchors, fewer than the ${planted.length} planted keys hold`);
  process.exit(1);
}
console.log(
  `  Node floor: node bench/floor-history.mjs (the same two git processes, every byte read, indexOf the anchors)   ${(nodeFloor.median / 1000).toFixed(2)} s   (scan-keys takes ${(ms / nodeFloor.median).toFixed(2)}x it; ${roundRatios(timed.scan.times, nodeFloor.times)})`,
);
if (withFloor) {
  const floor = timed.floor;
  console.log(
    `  floor: git cat-file --batch-all-objects --batch | rg -c   ${(floor.median / 1000).toFixed(2)} s   (scan-keys takes ${(ms / floor.median).toFixed(2)}x the floor, ${roundRatios(timed.scan.times, floor.times)}; the Node floor ${(nodeFloor.median / floor.median).toFixed(2)}x)`,
  );
} else {
  console.log('  floor: ripgrep (rg) is not installed; skipped (apt-get install -y ripgrep)');
}
