/** The folder scan of the corpus, checked against the planted keys. */
import { checkFindings, measureCli } from './cli.mjs';

export async function folderCase(corpus, runs) {
  const m = await measureCli(['.', '--format', 'json'], { cwd: corpus.dir, runs });
  if (m.first.code !== 1) throw new Error(`folder scan exited ${m.first.code}, not 1: ${m.first.stderr.trim()}`);
  const check = checkFindings(m.first.stdout, corpus.manifest.planted);
  const seconds = m.median / 1000;
  return {
    ...m,
    check,
    mbPerSecond: check.summary.bytes / 1e6 / seconds,
    filesPerSecond: check.summary.files / seconds,
  };
}
