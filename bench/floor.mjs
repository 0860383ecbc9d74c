/**
 * scan-keys beside its floor, on the same files: ripgrep (every core, the
 * fastest search there is) and the least a Node program can do for the job
 * (floor-reader.mjs: list, read, indexOf the anchors). The three run
 * interleaved, round by round, so that each sees the same machine; the figures
 * are medians, and the ratios are what to read on a shared, noisy machine.
 */
import { fileURLToPath } from 'node:url';
import { OPENAI_MARKER } from '../dist/rules/fake.js';
import { CLI } from './cli.mjs';
import { RG_ARGS } from './ripgrep.mjs';
import { installed, median, othersLoad, run } from './timing.mjs';

const FLOOR_READER = fileURLToPath(new URL('./floor-reader.mjs', import.meta.url));
/** The anchors rg looks for too: the floor does no more than find them. */
const ANCHORS = [OPENAI_MARKER, 'sk-ant-'];

/** The three commands for one folder; rg is left out when not installed. */
function casesFor() {
  const cases = {
    'scan-keys': [process.execPath, [CLI, '.', '--format', 'json', '--no-baseline']],
    'node floor': [process.execPath, [FLOOR_READER, ...ANCHORS]],
  };
  if (installed('rg')) cases.rg = ['rg', RG_ARGS];
  return cases;
}

/** One warm-up round, then `runs` rounds of every case; medians, peak RSS and the machine's load per case. */
export async function floorCase(dir, runs) {
  const cases = casesFor();
  const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const summaryOf = {};
  for (let round = 0; round <= runs; round++) {
    for (const [name, [cmd, args]] of Object.entries(cases)) {
      const r = await run(cmd, args, { cwd: dir });
      if (name === 'scan-keys') {
        if (r.code !== 0 && r.code !== 1) throw new Error(`scan-keys exited ${r.code}: ${r.stderr.trim()}`);
        summaryOf.summary = JSON.parse(r.stdout).summary;
      }
      if (round > 0) results[name].push(r);
    }
  }
  const stats = {};
  for (const [name, rs] of Object.entries(results)) {
    const rss = rs.map((r) => r.rssKb).filter((x) => x !== undefined);
    const busy = rs.every((r) => r.busy !== undefined && r.cpu !== undefined);
    stats[name] = {
      median: median(rs.map((r) => r.ms)),
      rssKb: rss.length ? Math.max(...rss) : undefined,
      cpuSeconds: busy ? median(rs.map((r) => r.cpu)) : undefined,
    };
  }
  return { stats, summary: summaryOf.summary, runs, othersLoad: othersLoad(Object.values(results).flat()) };
}
