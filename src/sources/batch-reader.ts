import { KeywordSet } from '../engine/keyword-set.js';
import { Screen } from '../engine/screen.js';
import { FolderGuard } from './folder-guard.js';
import { handedOver, NONE, sortItems, type Sorted } from './prefilter.js';
import type { ReaderSettings } from './read-pool.js';
import { readBatchSync, Scratch, type FileToRead } from './read.js';

/**
 * What a reader thread (the main thread or a worker) does with a batch it
 * claimed, the same on every thread: it reads the files a budget at a time,
 * searches each for the keywords, screens it, and sorts it (prefilter.ts).
 * Its search, read memory and folder checks serve batch after batch.
 */
export class BatchReader {
  readonly search: KeywordSet | undefined;
  private readonly screen: Screen | undefined;
  private readonly scratch: Scratch | undefined;
  private readonly guard = new FolderGuard();

  constructor(private readonly settings: ReaderSettings) {
    const { prefilter } = settings;
    this.search = prefilter ? new KeywordSet(prefilter.keywords) : undefined;
    this.screen = prefilter?.screen ? new Screen(prefilter.screen) : undefined;
    // With a prefilter no unit outlives the next read (see Recycled in read-pool.ts): every read goes into the same memory.
    // Read into the search's own memory, the files are searched where they lie (no copy).
    this.scratch = prefilter ? new Scratch(settings.budget, this.search?.readArea(settings.budget)) : undefined;
  }

  /** The batch, read a budget at a time: each read's items sorted, and the memory they are views of. `before` runs before each read. */
  *reads(files: readonly FileToRead[], before?: () => void): Generator<Sorted & { readonly memory: Buffer }> {
    const { prefilter, maxFileSize, budget } = this.settings;
    const keep = prefilter && this.search ? handedOver(files, prefilter, this.search) : NONE;
    for (let done = 0; done < files.length; ) {
      before?.();
      const read = readBatchSync(files.slice(done), maxFileSize, budget, this.scratch, this.guard);
      done += read.consumed;
      yield { ...sortItems(read.items, this.search, keep, this.screen), memory: read.memory };
    }
  }
}
