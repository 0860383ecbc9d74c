import type { ProbeResult, ProbeStatus } from '../finding.js';

/** How a probe status is shown and what the user should do about it. */
export interface ProbeAdvice {
  /** Short and loud for a live key, plain otherwise. */
  readonly marker: string;
  readonly alarming: boolean;
  readonly advice: (probe: ProbeResult, rotateAt: string | undefined) => string;
}

const rotate = (rotateAt: string | undefined) => `rotate it now${rotateAt ? ` at ${rotateAt}` : " at the provider's key page"}`;
const PURGE = 'then purge it from the git history';

/** Remediation by status (DESIGN.md probe table): rotate what works, purge everything. */
export const PROBE_ADVICE: Readonly<Record<ProbeStatus, ProbeAdvice>> = {
  live: {
    marker: 'LIVE',
    alarming: true,
    advice: (_p, at) => `the key works right now: ${rotate(at)}, ${PURGE}`,
  },
  live_no_quota: {
    marker: 'LIVE (no quota left)',
    alarming: true,
    advice: (_p, at) => `the key is valid, only its billing quota is used up: ${rotate(at)}, ${PURGE}`,
  },
  invalid: {
    marker: 'revoked',
    alarming: false,
    advice: () =>
      'the provider rejects it (wrong, revoked or deleted): already dead, but still purge it from the git history and check the app that used it, which needs a new key',
  },
  deactivated: {
    marker: 'account deactivated',
    alarming: false,
    advice: () =>
      "the key's account or organization is deactivated: an account problem to take up with the provider; still purge the key from the git history",
  },
  unknown: {
    marker: 'status unknown',
    alarming: false,
    advice: (p, at) => `could not tell whether it is live${p.detail ? `: ${p.detail}` : ''}; treat it as live, ${rotate(at)}, ${PURGE}`,
  },
};

/** "HTTP 401, invalid_api_key": what the provider said, for the marker line. */
export function probeEvidence(probe: ProbeResult): string {
  return [probe.httpStatus ? `HTTP ${probe.httpStatus}` : '', probe.code ?? ''].filter(Boolean).join(', ');
}
