import { readFileSync } from 'node:fs';

/**
 * This package's version, from its package.json (for --version and the
 * reports' tool metadata). The file sits one folder up from dist/version.js
 * and two up from the bundled dist/cli/main.cjs: the first one that is ours wins.
 */
export function packageVersion(): string {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'scan-keys' && pkg.version) return pkg.version;
    } catch {
      // Not there: try the next place.
    }
  }
  return 'unknown';
}
