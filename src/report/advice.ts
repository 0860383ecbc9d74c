import type { Finding, ProbeResult, ProbeStatus, ShownCommit } from '../finding.js';

/**
 * What the machine-readable and the visual reports say about a finding: rule
 * titles, probe labels and the steps to fix it. Shared by sarif, github and
 * html so that they tell the user the same thing.
 */

/** A rule id as an identifier a person can read: openai-project-key -> OpenaiProjectKey. */
export function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

export const PROBE_LABELS: Record<ProbeStatus, string> = {
  live: 'live',
  live_no_quota: 'live, no quota',
  invalid: 'invalid',
  deactivated: 'account deactivated',
  unknown: 'unknown',
};

const rotateNow = (rotateAt: string | undefined) => `rotate it now ${rotateAt ? `at ${rotateAt}` : "at the provider's key page"}`;
const PURGE = 'then purge it from the git history';

/** Remediation by probe status (issue 4): rotate whatever works, purge everything. */
const PROBE_ADVICE: Record<ProbeStatus, (rotateAt: string | undefined) => string> = {
  live: (at) => `The key works right now: ${rotateNow(at)}, ${PURGE}.`,
  live_no_quota: (at) => `The key is valid, only its billing quota is used up (it works again once credit is added): ${rotateNow(at)}, ${PURGE}.`,
  invalid: () =>
    'The provider rejects the key (wrong, revoked or deleted): it is already dead, but still purge it from the git history and check the app that used it, which needs a new key.',
  deactivated: () =>
    'The account or organization behind the key is deactivated: an account problem to take up with the provider; still purge the key from the git history.',
  unknown: (at) => `Could not tell whether the key works: treat it as live, ${rotateNow(at)}, ${PURGE}.`,
};

/** "live (HTTP 200)", "invalid (HTTP 401, invalid_api_key)", "unknown (timeout)". */
export function probeText(probe: ProbeResult): string {
  const detail = [probe.httpStatus ? `HTTP ${probe.httpStatus}` : '', probe.code ?? '', probe.detail ?? ''].filter(Boolean);
  return `${PROBE_LABELS[probe.status]}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`;
}

export function probeAdvice(probe: ProbeResult, rotateAt?: string): string {
  return PROBE_ADVICE[probe.status](rotateAt);
}

export const isLive = (probe?: ProbeResult): boolean => probe?.status === 'live' || probe?.status === 'live_no_quota';

export const shortSha = (commit: ShownCommit): string => commit.sha.slice(0, 12);

export function commitText(commit: ShownCommit): string {
  return `commit ${shortSha(commit)} by ${commit.author} on ${commit.date}`;
}

const ENV_VARS: Record<string, string> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/** How to get rid of a committed key, in the order that limits the damage. */
export function secretSteps(provider: string, rotateAt: string | undefined, inHistory: boolean): string[] {
  const variable = ENV_VARS[provider] ?? 'an environment variable';
  return [
    `Rotate the key ${rotateAt ? `at ${rotateAt}` : "at the provider's key page"}: a committed key counts as leaked, even once the line is gone.`,
    `Remove it from the file and read it from the environment instead (${variable}), or from a secret manager; keep local .env files out of git with .gitignore.`,
    inHistory
      ? 'The key is in the git history: rewriting it away (git filter-repo --replace-text, then a force push) keeps it out of new clones, but forks and old clones still hold it, so rotating is what protects you.'
      : 'If the commit was pushed, the key is also in the git history: rotate it, and rewrite history (git filter-repo --replace-text) only if the repository must not show it.',
    'Not a real key (a test fixture, a documented sample)? Add scan-keys:allow to the line, or record it in a baseline.',
  ];
}

const DOTENV_STEPS = [
  'Fix the line as the message says; scan-keys fix-env repairs the safe formatting problems (whitespace, CRLF, spaces around =, a BOM).',
  'A .env file with real values does not belong in git: list it in .gitignore and commit a .env.example with placeholders instead.',
];

export function stepsFor(f: Finding): string[] {
  return f.kind === 'secret' ? secretSteps(f.provider, f.rotateAt, f.commit !== undefined) : DOTENV_STEPS;
}

/** One paragraph: the finding's message, the redacted key, where it came from and what the probe said. */
export function describe(f: Finding): string {
  const message = f.message.replace(/\.$/, '');
  const parts = [f.kind === 'secret' && f.redacted ? `${f.redacted} — ${message}.` : `${message}.`];
  if (f.commit) parts.push(`Introduced in ${commitText(f.commit)}.`);
  if (f.probe) parts.push(`Probe: ${probeText(f.probe)}. ${probeAdvice(f.probe, f.rotateAt)}`);
  return parts.join(' ');
}
