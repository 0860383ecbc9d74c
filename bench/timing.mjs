/**
 * Timing helpers: run a command as a subprocess, measure its wall time from
 * spawn to exit, its peak resident memory and CPU time, and take medians.
 * On Linux they also tell how busy the rest of the machine was meanwhile, so
 * that a figure taken beside other work says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

const GNU_TIME = '/usr/bin/time';
const USAGE_HOOK = new URL('./usage-hook.mjs', import.meta.url).pathname;

/** True when `name` runs (used to find rg and GNU time). */
export function installed(name, args = ['--version']) {
  const r = spawnSync(name, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

const hasGnuTime = existsSync(GNU_TIME) && installed(GNU_TIME, ['-f', '%M', 'true']);

/** How peak RSS is measured, for the table's footnote. */
export const rssMethod = hasGnuTime ? 'GNU time %M' : 'process.resourceUsage() in the child';

/** CPU seconds the whole machine has spent busy since boot (Linux), else undefined. */
function machineBusySeconds() {
  try {
    const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
    // user nice system idle iowait irq softirq steal, in USER_HZ (100 per second on Linux).
    const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Runs `cmd args` in `cwd` and resolves to its wall time (ms), exit code,
 * stdout, and where it can be measured its peak RSS (KB) and CPU time (s).
 * GNU time reports them; without it, a node command preloads a hook that
 * writes its own process.resourceUsage() as it exits.
 */
export function run(cmd, args, { cwd, env } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'scan-keys-bench-'));
  const usageFile = path.join(scratch, 'usage');
  let argv = [cmd, ...args];
  let childEnv = { ...process.env, NO_COLOR: '1', ...env };
  if (hasGnuTime) argv = [GNU_TIME, '-f', '%M %U %S', '-o', usageFile, ...argv];
  else if (cmd === process.execPath) {
    argv = [cmd, '--import', USAGE_HOOK, ...args];
    childEnv = { ...childEnv, BENCH_USAGE_FILE: usageFile };
  }
  return new Promise((resolve, reject) => {
    const busyBefore = machineBusySeconds();
    const started = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let stderr = '';
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const busy = busyBefore === undefined ? undefined : machineBusySeconds() - busyBefore;
      let rssKb;
      let cpu;
      if (existsSync(usageFile)) {
        const [rss, user, sys] = readFileSync(usageFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
        rssKb = rss;
        cpu = user + sys;
      }
      rmSync(scratch, { recursive: true, force: true });
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr, rssKb, cpu, busy });
    });
  });
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The share of the machine's CPU that other processes used during the runs:
 * machine busy time minus the runs' own CPU time, over wall time x cores.
 * Undefined where either is unknown.
 */
export function othersLoad(results) {
  if (results.some((r) => r.busy === undefined || r.cpu === undefined)) return undefined;
  const sum = (f) => results.reduce((n, r) => n + f(r), 0);
  const others = sum((r) => r.busy) - sum((r) => r.cpu);
  return Math.max(0, others / ((sum((r) => r.ms) / 1000) * cpus().length));
}

/**
 * a's time over b's in each round (two arrays of times in round order), as
 * "round by round <median>x, <lowest>-<highest>x": each ratio's two runs saw
 * the same minute of a shared machine, which the ratio of two medians cannot
 * promise.
 */
export function roundRatios(a, b) {
  const ratios = a.map((t, i) => t / b[i]).sort((x, y) => x - y);
  return `round by round ${median(ratios).toFixed(2)}x, ${ratios[0].toFixed(2)}-${ratios.at(-1).toFixed(2)}x`;
}

/** measure()'s figures from a warm-up run and the timed runs (`first` and `last` are whole run results, output included). */
function statsOf(first, results) {
  const times = results.map((r) => r.ms);
  const rss = [first, ...results].map((r) => r.rssKb).filter((x) => x !== undefined);
  const cpu = results.map((r) => r.cpu).filter((x) => x !== undefined);
  return {
    first,
    last: results.at(-1) ?? first,
    runs: results.length,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    times,
    cpuSeconds: cpu.length ? median(cpu) : undefined,
    rssKb: rss.length ? Math.max(...rss) : undefined,
    othersLoad: othersLoad(results),
  };
}

/**
 * Like measure, for several commands ({ name: [cmd, args] }) run in turn,
 * round by round, so that each sees the same machine: one figure set per
 * name, with its times in round order (for roundRatios).
 */
export async function measureInterleaved(cases, { runs, ...options }) {
  const entries = Object.entries(cases);
  const firsts = {};
  for (const [name, [cmd, args]] of entries) firsts[name] = await run(cmd, args, options);
  const results = Object.fromEntries(entries.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, [cmd, args]] of entries) {
      const r = await run(cmd, args, options);
      if (r.code !== firsts[name].code) throw new Error(`${name} exited ${r.code} on run ${i + 1}, ${firsts[name].code} on the first`);
      results[name].push(r);
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, statsOf(firsts[name], results[name])]));
}

/**
 * One warm-up run (returned as `first`, for checking its output), then `runs`
 * timed runs; the result holds the median and spread of the timed runs, their
 * median CPU time, the highest peak RSS seen and how busy the machine was.
 */
export async function measure(cmd, args, { runs, ...options }) {
  const first = await run(cmd, args, options);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const r = await run(cmd, args, options);
    if (r.code !== first.code) throw new Error(`${path.basename(cmd)} exited ${r.code} on run ${i + 1}, ${first.code} on the first`);
    results.push(r);
  }
  return statsOf(first, results);
}
