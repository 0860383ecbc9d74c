import { lstatSync, realpathSync } from 'node:fs';
import path from 'node:path';

/**
 * Tells index entries whose folder now leads outside the work tree (say, a
 * tracked folder replaced by a symbolic link to one elsewhere): git itself
 * never reads through such a link, and a scan never leaves its root. Asked by
 * the readers just before they open a file, so the check runs in every reader
 * thread beside the reading instead of delaying its start. Only a folder that
 * is a link needs a realpath: one lstat per folder (and per ancestor), each
 * answered once per guard, finds them. Both sides come from realpath, so
 * case-insensitive file systems compare alike. One guard per scan: folders
 * change between scans.
 */
export class FolderGuard {
  /** Per folder (absolute path), whether it or a folder above it leads out. */
  private readonly leaves = new Map<string, boolean>();
  /** Per work tree root, its realpath. */
  private readonly realRoots = new Map<string, string>();

  /** True when a folder of `absolute` below its first `rootLength` characters (the work tree's root and its separator) leads out. */
  leadsOut(absolute: string, rootLength: number): boolean {
    const folderEnd = absolute.lastIndexOf(path.sep);
    return folderEnd >= rootLength && this.folderLeadsOut(absolute.slice(0, folderEnd), rootLength);
  }

  private folderLeadsOut(folder: string, rootLength: number): boolean {
    let known = this.leaves.get(folder);
    if (known !== undefined) return known;
    const parentEnd = folder.lastIndexOf(path.sep);
    known = (parentEnd >= rootLength && this.folderLeadsOut(folder.slice(0, parentEnd), rootLength)) || this.linksOut(folder, rootLength);
    this.leaves.set(folder, known);
    return known;
  }

  private linksOut(folder: string, rootLength: number): boolean {
    // A folder that is gone holds nothing to read; its files are skipped when they fail to open.
    if (!lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink()) return false;
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      return false;
    }
    const root = folder.slice(0, rootLength);
    let realRoot = this.realRoots.get(root);
    if (realRoot === undefined) {
      realRoot = realpathSync(root);
      this.realRoots.set(root, realRoot);
    }
    const rel = path.relative(realRoot, real);
    return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  }
}
