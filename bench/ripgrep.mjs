/**
 * ripgrep on the same corpus for the same keywords, as a yardstick: the same
 * files (no ignore files, hidden files included, .git left out, binary files
 * skipped as rg detects them), every core used.
 */
import { OPENAI_MARKER } from '../dist/rules/fake.js';
import { installed, measure } from './timing.mjs';

export const RG_ARGS = ['-uu', '-c', '-g', '!.git', `${OPENAI_MARKER}|sk-ant-`, '.'];

/** Undefined when rg is not installed. */
export async function ripgrepCase(corpus, runs) {
  if (!installed('rg')) return undefined;
  const m = await measure('rg', RG_ARGS, { cwd: corpus.dir, runs });
  if (m.first.code !== 0) throw new Error(`rg exited ${m.first.code}: ${m.first.stderr.trim()}`);
  const lines = m.first.stdout.split('\n').filter(Boolean);
  return { ...m, files: lines.length, hits: lines.reduce((n, l) => n + Number(l.slice(l.lastIndexOf(':') + 1)), 0) };
}
