/**
 * Preloaded (node --import) into the scanner when GNU time is missing: writes
 * the process's own peak RSS in KB to BENCH_RSS_FILE as it exits.
 */
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
