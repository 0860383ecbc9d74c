/**
 * Timing helpers: run a command as a subprocess, measure its wall time from
 * spawn to exit and its peak resident memory, and take medians.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const RSS_HOOK = new URL('./rss-hook.mjs', import.meta.url).pathname;

/** True when `name` runs (used to find rg and GNU time). */
export function installed(name, args = ['--version']) {
  const r = spawnSync(name, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

const hasGnuTime = existsSync(GNU_TIME) && installed(GNU_TIME, ['-f', '%M', 'true']);

/** How peak RSS is measured, for the table's footnote. */
export const rssMethod = hasGnuTime ? 'GNU time %M' : 'process.resourceUsage().maxRSS in the child';

/**
 * Runs `cmd args` in `cwd` and resolves to its wall time (ms), exit code,
 * stdout and, when `rss` is set, its peak RSS in KB. For a node command
 * without GNU time, a preloaded hook reports the child's own maxRSS.
 */
export function run(cmd, args, { cwd, rss = false, env } = {}) {
  const scratch = rss ? mkdtempSync(path.join(tmpdir(), 'scan-keys-bench-')) : undefined;
  const rssFile = scratch && path.join(scratch, 'rss');
  let argv = [cmd, ...args];
  let childEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (rssFile && hasGnuTime) argv = [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
  else if (rssFile && cmd === process.execPath) {
    argv = [cmd, '--import', RSS_HOOK, ...args];
    childEnv = { ...childEnv, BENCH_RSS_FILE: rssFile };
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let rssKb;
      if (rssFile && existsSync(rssFile)) rssKb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr, rssKb });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * One warm-up run (returned as `first`, for checking its output), then `runs`
 * timed runs; the result holds the median and spread of the timed runs and
 * the highest peak RSS seen.
 */
export async function measure(cmd, args, { runs, ...options }) {
  const first = await run(cmd, args, { ...options, rss: true });
  const times = [];
  let rssKb = first.rssKb;
  for (let i = 0; i < runs; i++) {
    const r = await run(cmd, args, { ...options, rss: true });
    if (r.code !== first.code) throw new Error(`${path.basename(cmd)} exited ${r.code} on run ${i + 1}, ${first.code} on the first`);
    times.push(r.ms);
    if (r.rssKb !== undefined) rssKb = Math.max(rssKb ?? 0, r.rssKb);
  }
  return { first, median: median(times), min: Math.min(...times), max: Math.max(...times), rssKb, runs };
}
