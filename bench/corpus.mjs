/**
 * The folder-scan corpus: about 10,000 files and 100 MB, the same bytes for
 * the same seed and version. Mostly source-like text of varied sizes (log-normal,
 * as in real repositories), some minified bundles with very long lines, a few
 * binary files, fake keys planted at known lines, and keyword look-alikes that
 * must not be reported. It is a git repository with every file committed, as a
 * checkout is, and it lives in bench/.corpus/ (git-ignored), reused when the
 * manifest says it was made by this version with this seed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../dist/rules/fake.js';
import { cachedFolder } from './cache.mjs';
import { commitAllAsNewRepo } from './git.mjs';
import { keyLine, LOOKALIKES, plantedKey } from './plant.mjs';
import { int, minifiedLine, pick, textLines, word } from './text.mjs';

/** Bump when the generator changes, so that an old corpus is rebuilt. */
const VERSION = 3;
const SEED = 20_240_601;

const FILES = 10_000;
const TOTAL_BYTES = 100_000_000;
const BINARY_FILES = 40;
const MINIFIED_FILES = 25;
const MINIFIED_BYTES = 8_000_000;
const PLANTED = 60;
const PLANTED_MINIFIED = 3;
const LOOKALIKE_FILES = 300;

/** Kinds of text file, with their share of files and the extensions they take. */
const KINDS = [
  ['ts', 0.4, ['ts', 'js', 'tsx', 'mjs']],
  ['py', 0.15, ['py']],
  ['go', 0.08, ['go']],
  ['md', 0.12, ['md']],
  ['json', 0.1, ['json']],
  ['yml', 0.07, ['yml', 'yaml']],
  ['log', 0.05, ['log']],
  ['env', 0.03, ['env']],
];

const TOPS = ['src', 'lib', 'packages', 'apps', 'docs', 'test', 'scripts', 'config', 'services', 'tools'];

function normal(rand) {
  const u = 1 - rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

function kindOf(rand) {
  let x = rand();
  for (const k of KINDS) {
    if ((x -= k[1]) < 0) return k;
  }
  return KINDS[0];
}

function folders(rand, n) {
  const seen = new Set();
  while (seen.size < n) {
    const depth = int(rand, 1, 4);
    const parts = [pick(rand, TOPS)];
    for (let d = 0; d < depth; d++) parts.push(word(rand));
    seen.add(parts.join('/'));
  }
  return [...seen];
}

/** Text file sizes: log-normal, scaled so that the text files fill what the bundles and binaries leave. */
function textSizes(rand, n, total) {
  const raw = Array.from({ length: n }, () => Math.exp(8.3 + 1.3 * normal(rand)));
  const scale = total / raw.reduce((a, b) => a + b, 0);
  return raw.map((s) => Math.max(64, Math.min(3_000_000, Math.round(s * scale))));
}

function binaryFile(rand, size) {
  const bytes = Buffer.alloc(size);
  // A PNG signature, then bytes where zeros are common, as in real images.
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < size; i++) bytes[i] = rand() < 0.1 ? 0 : Math.floor(rand() * 256);
  return bytes;
}

/** Builds the corpus in the empty folder `dir` and returns what its manifest records. */
async function generate(dir) {
  const rand = seededRandom(SEED);
  const dirs = folders(rand, 600);
  const textCount = FILES - BINARY_FILES - MINIFIED_FILES;
  const binarySizes = Array.from({ length: BINARY_FILES }, () => int(rand, 20_000, 200_000));
  const binaryTotal = binarySizes.reduce((a, b) => a + b, 0);
  const sizes = textSizes(rand, textCount, TOTAL_BYTES - MINIFIED_BYTES - binaryTotal);
  const plantEvery = Math.floor(textCount / PLANTED);
  const lookalikeEvery = Math.floor(textCount / LOOKALIKE_FILES);
  const planted = [];
  let bytes = 0;

  const write = (rel, content) => {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
    bytes += Buffer.byteLength(content);
  };
  /** The next fake key, recorded as planted at `line` of `rel`. */
  const nextKey = async (rel, line) => {
    const { key, rule, fingerprint } = await plantedKey(planted.length);
    planted.push({ file: rel, line, rule, fingerprint });
    return key;
  };

  for (let i = 0; i < textCount; i++) {
    const [kind, , exts] = kindOf(rand);
    const folder = dirs[i % dirs.length];
    const rel = kind === 'env' ? `${folder}/env-${i}/.env` : `${folder}/${kind}_${i}.${pick(rand, exts)}`;
    const lines = textLines(rand, kind, sizes[i]);
    if (i % lookalikeEvery === 7) lines.splice(int(rand, 0, lines.length), 0, pick(rand, LOOKALIKES));
    if (i % plantEvery === 3 && planted.length < PLANTED) {
      const at = int(rand, 0, lines.length);
      lines.splice(at, 0, keyLine(kind, await nextKey(rel, at + 1)));
    }
    write(rel, `${lines.join('\n')}\n`);
  }
  for (let i = 0; i < MINIFIED_FILES; i++) {
    const rel = `vendor/${pick(rand, ['bundle', 'chunk', 'vendor', 'app'])}.${i}.min.js`;
    const size = MINIFIED_BYTES / MINIFIED_FILES;
    // Keys in minified bundles sit in the middle of one huge line.
    const key = i < PLANTED_MINIFIED ? keyLine('min', await nextKey(rel, 1)) : '';
    write(rel, minifiedLine(rand, size / 2) + key + minifiedLine(rand, size / 2));
  }
  binarySizes.forEach((size, i) => write(`assets/img/${i}.png`, binaryFile(rand, size)));

  commitAllAsNewRepo(dir, 'benchmark corpus');
  return { files: FILES, bytes, planted };
}

/** The corpus folder and its manifest, generated on first use and reused while version and seed match. */
export const ensureCorpus = (root) => cachedFolder(root, 'files', { version: VERSION, seed: SEED }, generate);
