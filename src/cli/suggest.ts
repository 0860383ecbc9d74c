import { distance } from 'fastest-levenshtein';

/**
 * The candidate a mistyped word most likely meant, or undefined when none is
 * close: a typo (`histroy`, `inti`, `--fromat`) or the start of a longer word
 * (`hist`, `--purge`). Edits allowed: 1 for a word of up to 3 letters, else 2
 * (a swap of two letters, `inti`, costs 2), so that a short path (`x`, `db`)
 * is not taken for a command it happens to be near.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const bound = word.length <= 3 ? 1 : 2;
  let best: { candidate: string; cost: number } | undefined;
  for (const candidate of candidates) {
    const cost = word.length >= 3 && candidate.startsWith(word) ? 0.5 : distance(word, candidate);
    if (cost <= bound && (!best || cost < best.cost)) best = { candidate, cost };
  }
  return best?.candidate;
}
