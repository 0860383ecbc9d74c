import { UsageError } from '../errors.js';
import type { Prober } from '../pipeline.js';
import type { OptionSpec, OptionValues } from './options.js';

/** --probe and --probe-timeout, shared by the commands that can ask providers about keys. */
export const PROBE_OPTIONS = {
  probe: { type: 'boolean' },
  'probe-timeout': { type: 'string' },
} as const satisfies OptionSpec;

export const DEFAULT_PROBE_TIMEOUT_S = 10;

/**
 * Bounds of --probe-timeout, in seconds. Node's timers hold a signed 32-bit
 * count of milliseconds and turn anything larger into 1 ms (with only a
 * warning), so a generous timeout would silently become none; under 1 ms no
 * answer can arrive.
 */
export const MIN_PROBE_TIMEOUT_S = 0.001;
export const MAX_PROBE_TIMEOUT_S = (2 ** 31 - 1) / 1000;

/** The per-request timeout in milliseconds; a timeout without --probe would silently do nothing, so it is refused. */
export function probeTimeoutMs(values: OptionValues): number {
  const value = values['probe-timeout'];
  if (!values.probe && value !== undefined) throw new UsageError('--probe-timeout needs --probe');
  if (value === undefined) return DEFAULT_PROBE_TIMEOUT_S * 1000;
  // Number('') is 0 and Number(' 5 ') is 5: an empty or blank value is refused by the range check or read as meant.
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  if (!(seconds >= MIN_PROBE_TIMEOUT_S && seconds <= MAX_PROBE_TIMEOUT_S)) {
    throw new UsageError(
      `--probe-timeout must be a number of seconds from ${MIN_PROBE_TIMEOUT_S} to ${Math.floor(MAX_PROBE_TIMEOUT_S)} (about 24 days); got '${String(value)}'`,
    );
  }
  return Math.round(seconds * 1000);
}

/**
 * The prober for --probe (base URLs checked now, before any scanning), or none.
 * Loaded only when asked for, so a plain scan (the pre-commit hook) does not pay for it.
 */
export async function proberFrom(values: OptionValues): Promise<Prober | undefined> {
  const timeoutMs = probeTimeoutMs(values);
  if (!values.probe) return undefined;
  const { createProber } = await import('../probe/prober.js');
  return createProber({ timeoutMs });
}
