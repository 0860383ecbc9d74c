import { parseJson } from '../config/load.js';
import { ConfigError, ScanKeysError, UsageError } from '../errors.js';
import type { Finding } from '../finding.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { NotRegularFile, readRegularFile } from '../fs/regular.js';

/** Where `scan-keys baseline` writes and every scan looks, at the repository root (or the current folder outside git). */
export const BASELINE_FILE = '.scan-keys-baseline.json';

/** One accepted finding: its fingerprint (never the key), its rule and the file it was in. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly file: string;
}

const ABOUT =
  'Findings accepted by scan-keys baseline: fingerprints only, never a key. Scans skip these fingerprints; ' +
  'regenerate with `scan-keys baseline`, drop the ones no longer found with `scan-keys baseline --prune`.';

const HEX64 = /^[0-9a-f]{64}$/;

const compare = (a: BaselineEntry, b: BaselineEntry) =>
  (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
  (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
  (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0);

/** One entry per fingerprint and file, in a stable order (file, rule, fingerprint) so diffs stay small. */
export function entriesOf(findings: readonly BaselineEntry[]): BaselineEntry[] {
  const unique = new Map<string, BaselineEntry>();
  for (const f of findings) unique.set(`${f.fingerprint}\0${f.file}`, { fingerprint: f.fingerprint, rule: f.rule, file: f.file });
  return [...unique.values()].sort(compare);
}

/** The entries whose fingerprint is still found; the others are what --prune drops. */
export function pruneEntries(entries: readonly BaselineEntry[], findings: readonly Finding[]): BaselineEntry[] {
  const found = new Set(findings.map((f) => f.fingerprint));
  return entries.filter((e) => found.has(e.fingerprint));
}

function checkEntry(value: unknown, i: number, shown: string): BaselineEntry {
  const bad = (what: string): never => {
    throw new ConfigError(`${shown}: findings[${i}]${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad(' must be an object with fingerprint, rule and file');
  const { fingerprint, rule, file } = value as Record<string, unknown>;
  if (typeof fingerprint !== 'string' || !HEX64.test(fingerprint)) bad('.fingerprint must be a 64-digit lowercase hex string');
  if (typeof rule !== 'string') bad('.rule must be a string');
  if (typeof file !== 'string') bad('.file must be a string');
  return { fingerprint: fingerprint as string, rule: rule as string, file: file as string };
}

/** The text of a baseline (or a file to import), undefined when there is none; anything but a readable regular file is a ConfigError. */
export async function readBaselineText(file: string, shown: string): Promise<string | undefined> {
  try {
    return await readRegularFile(file);
  } catch (err) {
    if (err instanceof NotRegularFile) throw new ConfigError(`${shown} is not a regular file (it is ${err.what})`);
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`${shown}: cannot read it (${code ?? String(err)})`);
  }
}

/** The entries of a baseline file, or undefined when it does not exist. A broken file is a ConfigError. */
export async function loadBaseline(file: string, shown: string): Promise<BaselineEntry[] | undefined> {
  const text = await readBaselineText(file, shown);
  if (text === undefined) return undefined;
  const doc = await parseJson(text, shown);
  if (typeof doc !== 'object' || doc === null || (doc as { version?: unknown }).version !== 1) {
    throw new ConfigError(`${shown}: not a scan-keys baseline (expected an object with "version": 1)`);
  }
  const findings = (doc as { findings?: unknown }).findings;
  if (!Array.isArray(findings)) throw new ConfigError(`${shown}: findings must be an array`);
  return findings.map((e, i) => checkEntry(e, i, shown));
}

/** Pretty-printed, stable order, one entry per line group; written atomically. */
export async function saveBaseline(file: string, shown: string, entries: readonly BaselineEntry[]): Promise<void> {
  const doc = { version: 1, about: ABOUT, findings: [...entries].sort(compare) };
  try {
    await writeFileAtomic(file, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (err) {
    if (err instanceof ScanKeysError) throw err;
    throw new UsageError(`${shown}: cannot write the baseline (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}
