import type { HistoryProgress } from '../sources/history.js';

/** Redraws at most this often: a terminal cannot show more, and writes cost time. */
const INTERVAL_MS = 100;

function seconds(s: number): string {
  if (!Number.isFinite(s)) return '?';
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** "1234/5678 blobs, 12.3 MB/s, ETA 4 s"; "1234/2000+ blobs ... ETA ?" while git still lists them. */
export function formatProgress(p: HistoryProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? p.bytes / (elapsedMs / 1000) : 0;
  const eta = rate > 0 && !p.listing ? (p.totalBytes - p.bytes) / rate : Number.POSITIVE_INFINITY;
  return `scanning history: ${p.done}/${p.total}${p.listing ? '+' : ''} blobs, ${(rate / 1e6).toFixed(1)} MB/s, ETA ${seconds(eta)}`;
}

export interface ProgressLine {
  update(p: HistoryProgress): void;
  /** Clears the line, so the report starts on a clean one. */
  end(): void;
}

const SILENT: ProgressLine = { update() {}, end() {} };

/** A self-redrawing line on stderr when it is a terminal; silent otherwise (CI logs, pipes) or when quiet. */
export function progressLine(stream: NodeJS.WriteStream, quiet: boolean): ProgressLine {
  if (quiet || !stream.isTTY) return SILENT;
  const started = performance.now();
  let last = 0;
  let drawn = false;
  return {
    update(p) {
      const now = performance.now();
      if (now - last < INTERVAL_MS && (p.listing || p.done < p.total)) return;
      last = now;
      drawn = true;
      stream.write(`\r${formatProgress(p, now - started)}\x1b[K`);
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}
