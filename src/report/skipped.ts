import type { Summary } from '../finding.js';

type Skipped = Summary['skipped'][number];
type Reason = Skipped['skipped'];

/** How a report names the files skipped for each reason: one, and several. */
const LABELS: Record<Reason, readonly [one: string, many: string]> = {
  binary: ['binary file', 'binary files'],
  'too-large': ['too-large file', 'too-large files'],
  unreadable: ['unreadable file', 'unreadable files'],
  'bad-name': ['file whose name is not UTF-8', 'files whose names are not UTF-8'],
  symlink: ['symbolic link', 'symbolic links'],
  fifo: ['FIFO', 'FIFOs'],
  socket: ['socket', 'sockets'],
  device: ['device file', 'device files'],
  missing: ['object missing from the repository', 'objects missing from the repository'],
};

const skipLabel = (reason: Reason, count: number): string => LABELS[reason][count === 1 ? 0 : 1];

/** Skipped files by reason, in the order the reasons first occur. */
export function skippedByReason(skipped: readonly Skipped[]): Map<Reason, Skipped[]> {
  const byReason = new Map<Reason, Skipped[]>();
  for (const s of skipped) {
    const list = byReason.get(s.skipped);
    if (list) list.push(s);
    else byReason.set(s.skipped, [s]);
  }
  return byReason;
}

/**
 * One line per reason: "skipped 2 unreadable files: a.txt (EACCES), b/ (...)",
 * the first `shown` paths and how many more. Only an unreadable file shows its
 * detail: there the cause is what a reader needs to act.
 */
export function skippedLines(skipped: readonly Skipped[], shown = 3): string[] {
  const lines: string[] = [];
  for (const [reason, files] of skippedByReason(skipped)) {
    const names = files.slice(0, shown).map((s) => (reason === 'unreadable' && s.detail ? `${s.path} (${s.detail})` : s.path));
    const more = files.length > shown ? ` and ${files.length - shown} more` : '';
    lines.push(`skipped ${files.length} ${skipLabel(reason, files.length)}: ${names.join(', ')}${more}`);
  }
  return lines;
}

/** The reasons again, in the few words of a quiet run's count. */
const SHORT: Record<Reason, readonly [one: string, many: string]> = {
  binary: ['binary', 'binary'],
  'too-large': ['too large', 'too large'],
  unreadable: ['unreadable', 'unreadable'],
  'bad-name': ['name not UTF-8', 'names not UTF-8'],
  symlink: ['symbolic link', 'symbolic links'],
  fifo: ['FIFO', 'FIFOs'],
  socket: ['socket', 'sockets'],
  device: ['device', 'devices'],
  missing: ['missing', 'missing'],
};

/** "3 files (2 unreadable, 1 FIFO)": the count a quiet run still owes its reader. */
export function skippedCount(skipped: readonly Skipped[]): string {
  const parts = [...skippedByReason(skipped)].map(([reason, files]) => `${files.length} ${SHORT[reason][files.length === 1 ? 0 : 1]}`);
  return `${skipped.length} file${skipped.length === 1 ? '' : 's'} (${parts.join(', ')})`;
}
