/** What the hook pays before any scanning: Node's own start and the CLI's module graph. */
import { measureCli } from './cli.mjs';
import { measure } from './timing.mjs';

export async function startupCases(runs) {
  const node = await measure(process.execPath, ['-e', '0'], { runs });
  const version = await measureCli(['--version'], { runs });
  if (version.first.code !== 0) throw new Error(`--version exited ${version.first.code}: ${version.first.stderr.trim()}`);
  return { node, version };
}
