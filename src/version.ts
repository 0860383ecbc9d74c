import { readFileSync } from 'node:fs';

/** This package's version, read once from package.json (for --version and the reports' tool metadata). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
