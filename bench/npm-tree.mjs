/**
 * A real npm dependency tree (installed once into bench/.corpus/npm-tree with
 * --ignore-scripts, then reused), made a git repository with no .gitignore so
 * that scan-keys reads every file as it would an untracked tree.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cachedFolder } from './cache.mjs';

/** Large, common packages: an LLM app's SDKs, a framework, a bundler, a compiler, a cloud SDK. */
const PACKAGES = ['next@15', 'typescript@5', 'webpack@5', 'eslint@9', '@aws-sdk/client-s3@3', 'openai@4', '@anthropic-ai/sdk@0', 'langchain@0', 'lodash@4', 'rxjs@7'];

const log = (s) => process.stderr.write(`${s}\n`);

/** npm install into a folder of its own, made a git repository so that scan-keys reads it as one (no .gitignore: every file counts). */
export function ensureNpmTree(root) {
  return cachedFolder(root, 'npm-tree', { version: 1, seed: PACKAGES.join(' ') }, async (dir) => {
    log(`bench: npm install --ignore-scripts ${PACKAGES.join(' ')} (first run only)...`);
    writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-npm-tree","private":true}\n');
    const npm = spawnSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error', ...PACKAGES], { cwd: dir, stdio: 'inherit' });
    if (npm.status !== 0) throw new Error(`npm install failed (${npm.status})`);
    spawnSync('git', ['init', '-q'], { cwd: dir });
    const files = spawnSync('git', ['ls-files', '--others', '-z'], { cwd: dir, maxBuffer: 1 << 28 }).stdout.toString().split('\0').filter(Boolean).length;
    return { packages: PACKAGES, files };
  });
}

