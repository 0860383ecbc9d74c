/**
 * From this many files on, a folder scan stops the young generation of V8's
 * heap from growing any further (--semi-space-growth-factor=1, which V8 reads
 * each time it would grow it). The listing's objects live to the end of the
 * scan, and the reading's die with their batch, so a larger young generation
 * only holds more garbage: on the npm tree (30,000 files) it grew to 2 x 16 MB.
 * It is held as soon as a listing that large is in hand, before its entries
 * become objects: held only once the reading began, it had grown first in
 * half of the runs. Smaller jobs keep V8's default: on the bench corpus
 * (10,000 files) holding it cost 2-4% more time.
 */
const HOLD_YOUNG_GENERATION_FROM = 20_000;

let allowed = false;
let held = false;

/**
 * Called by the CLI, which owns its process: a library scan must not change
 * the settings of the program that embeds it, so without this call nothing is held.
 */
export function allowHeapTuning(): void {
  allowed = true;
}

/** Holds the young generation's size for a job of `files` files, if that is a large job (see above) and the CLI allowed it. */
export function holdYoungGenerationFor(files: number): void {
  if (!allowed || held || files < HOLD_YOUNG_GENERATION_FROM) return;
  held = true;
  process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
}
