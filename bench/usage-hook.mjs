/**
 * Preloaded (node --import) into the scanner when GNU time is missing: writes
 * the process's peak RSS in KB and its user and system CPU seconds to
 * BENCH_USAGE_FILE as it exits, in GNU time's "%M %U %S" shape.
 */
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_USAGE_FILE;
  if (!file) return;
  const u = process.resourceUsage();
  writeFileSync(file, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\n`);
});
