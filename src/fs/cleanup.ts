import { rmSync } from 'node:fs';

/**
 * Temporary files to remove if the process stops before it could: they hold
 * a copy of a user's file (a .env, with its keys). Ctrl-C, a killed hook or a
 * closed terminal must not leave one behind; only SIGKILL can, which is why
 * their names also match the ignore patterns of the file they copy.
 */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeAll(): void {
  for (const file of pending) {
    try {
      rmSync(file, { force: true });
    } catch {
      // Nothing more can be done on the way out; the name still matches the user's ignore patterns.
    }
  }
  pending.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  stopListening();
  // Die of the same signal, as without this handler, so the shell and git see the status they expect.
  process.kill(process.pid, signal);
}

function startListening(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeAll);
}

function stopListening(): void {
  for (const s of SIGNALS) process.removeListener(s, onSignal);
  process.removeListener('exit', removeAll);
}

/**
 * Removes `file` if the process is interrupted or exits while it is pending;
 * the returned function ends that (call it once the file is renamed or removed).
 * Signal handlers are installed only while some file is pending.
 */
export function removeIfInterrupted(file: string): () => void {
  if (pending.size === 0) startListening();
  pending.add(file);
  return () => {
    if (!pending.delete(file)) return;
    if (pending.size === 0) stopListening();
  };
}
