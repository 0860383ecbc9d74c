/**
 * The pre-commit case: a 2,000-file repository with one commit, then 10 files
 * staged (8 edited in place, 2 new), one of them adding a fake key. The hook
 * runs `scan-keys --staged` once per commit, so what counts is the wall time
 * of the whole process, Node's start-up included.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../dist/rules/fake.js';
import { cachedFolder } from './cache.mjs';
import { checkFindings, CLI } from './cli.mjs';
import { measureInterleaved } from './timing.mjs';
import { commitAllAsNewRepo, git } from './git.mjs';
import { keyLine, plantedKey } from './plant.mjs';
import { int, pick, textLines, word } from './text.mjs';

const VERSION = 1;
const SEED = 20_240_602;
const FILES = 2_000;
const EDITED = 8;
const ADDED = 2;
/** The staged file (by order) whose added lines hold a key. */
const KEY_IN = 3;

async function generate(dir) {
  const rand = seededRandom(SEED);
  const files = [];
  for (let i = 0; i < FILES; i++) {
    const kind = pick(rand, ['ts', 'ts', 'ts', 'py', 'md', 'json']);
    const rel = `${pick(rand, ['src', 'lib', 'test', 'docs'])}/${word(rand)}/${kind}_${i}.${kind}`;
    const lines = textLines(rand, kind, Math.round(Math.exp(8 + normalish(rand))));
    files.push({ rel, kind, lines });
  }
  const write = (rel, lines) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), `${lines.join('\n')}\n`);
  };
  for (const f of files) write(f.rel, f.lines);
  commitAllAsNewRepo(dir, 'base');

  const planted = [];
  const staged = [];
  const edited = new Set();
  while (edited.size < EDITED) edited.add(files[int(rand, 0, FILES - 1)]);
  const added = Array.from({ length: ADDED }, (_, n) => ({ rel: `src/new/feature_${n}.ts`, kind: 'ts', lines: [] }));
  for (const [n, f] of [...edited, ...added].entries()) {
    const at = int(rand, 0, f.lines.length);
    const insert = textLines(rand, f.kind, int(rand, 300, 1500));
    if (n === KEY_IN) {
      const { key, rule, fingerprint } = await plantedKey(0);
      insert.splice(2, 0, keyLine(f.kind, key));
      planted.push({ file: f.rel, line: at + 3, rule, fingerprint });
    }
    write(f.rel, [...f.lines.slice(0, at), ...insert, ...f.lines.slice(at)]);
    staged.push(f.rel);
  }
  git(dir, 'add', '--', ...staged);
  return { files: FILES, staged: staged.length, planted };
}

/** Sum of uniforms: a cheap bell curve, enough for file sizes. */
const normalish = (rand) => rand() + rand() + rand() - 1.5;

export const ensureStagedRepo = (root) => cachedFolder(root, 'staged', { version: VERSION, seed: SEED }, generate);

/**
 * The floor of a staged scan: Node's start-up and the two git calls no staged
 * scan can do without (find the repository, list what is staged), nothing else.
 */
const STAGED_FLOOR = [
  "const { execFileSync: x } = require('node:child_process');",
  "x('git', ['rev-parse', '--show-toplevel', '--git-dir', 'HEAD^{commit}']);",
  "x('git', ['diff-index', '--cached', '--raw', '-z', 'HEAD']);",
].join(' ');

/**
 * The staged scan and its floor, run in turn round by round, so that the
 * ratio between them holds on a machine whose speed drifts from one minute
 * to the next (roundRatios in bench/timing.mjs).
 */
export async function stagedCases(repo, runs) {
  const m = await measureInterleaved(
    { staged: [process.execPath, [CLI, '--staged', '--format', 'json']], floor: [process.execPath, ['-e', STAGED_FLOOR]] },
    { cwd: repo.dir, runs },
  );
  const { first } = m.staged;
  if (first.code !== 1) throw new Error(`staged scan exited ${first.code}, not 1: ${first.stderr.trim()}`);
  return { staged: { ...m.staged, check: checkFindings(first.stdout, repo.manifest.planted) }, floor: m.floor };
}
