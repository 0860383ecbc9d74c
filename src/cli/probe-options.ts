import { UsageError } from '../errors.js';
import type { Prober } from '../pipeline.js';
import { positiveNumber, type OptionSpec, type OptionValues } from './options.js';

/** --probe and --probe-timeout, shared by the commands that can ask providers about keys. */
export const PROBE_OPTIONS = {
  probe: { type: 'boolean' },
  'probe-timeout': { type: 'string' },
} as const satisfies OptionSpec;

export const DEFAULT_PROBE_TIMEOUT_S = 10;

export const PROBE_HELP = [
  "      --probe                  ask each key's provider whether it is live (sends the key to the provider)",
  `      --probe-timeout S        seconds to wait for each probe answer (default ${DEFAULT_PROBE_TIMEOUT_S})`,
];

/** The per-request timeout in milliseconds; a timeout without --probe would silently do nothing, so it is refused. */
export function probeTimeoutMs(values: OptionValues): number {
  if (!values.probe && values['probe-timeout'] !== undefined) throw new UsageError('--probe-timeout needs --probe');
  return positiveNumber('probe-timeout', values['probe-timeout'], DEFAULT_PROBE_TIMEOUT_S) * 1000;
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
