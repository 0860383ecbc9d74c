import { promises as fs } from 'node:fs';
import { looksBinary, type SourceItem } from './unit.js';

/**
 * Reads one file from disk into a unit, or says why it was skipped.
 * Symbolic links are never followed (their target is scanned where it lives,
 * if it lives inside the scan); folders and vanished files are not files to scan.
 */
export async function readFileUnit(absolute: string, display: string, maxFileSize: number): Promise<SourceItem | undefined> {
  try {
    const st = await fs.lstat(absolute);
    if (!st.isFile()) return undefined;
    if (st.size > maxFileSize) return { path: display, skipped: 'too-large', detail: `${st.size} bytes` };
    const bytes = await fs.readFile(absolute);
    if (looksBinary(bytes)) return { path: display, skipped: 'binary' };
    return { path: display, bytes };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // Deleted from the work tree but still in the index, or removed while we scanned.
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    return { path: display, skipped: 'unreadable', detail: code ?? String(err) };
  }
}
