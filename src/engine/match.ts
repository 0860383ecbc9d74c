import type { RuleInfo } from '../rules/rule.js';
import type { ScanUnit } from './unit.js';

/**
 * Something found in a unit. This is the ONLY type that holds a secret: it
 * never leaves the engine, .env lint and the filters; finalize turns it into a
 * Finding, which has no secret field at all.
 */
export interface Match {
  readonly kind: 'secret' | 'dotenv';
  readonly rule: RuleInfo;
  /** The key itself (secret), or the offending .env value (dotenv; may be empty). */
  readonly secret: string;
  readonly unit: ScanUnit;
  /** Byte offsets into unit.bytes, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** For dotenv matches: what is wrong, in the user's terms. */
  readonly message?: string;
  /**
   * Where the secret stands, when [start, end) points elsewhere (a dotenv match
   * points at the problem, say a trailing space, beside the value it redacts).
   */
  readonly secretRange?: readonly [start: number, end: number];
  /** The identifier that goes with the secret (an AWS key id): part of the pair's fingerprint, never shown. */
  readonly pairedWith?: string;
}
