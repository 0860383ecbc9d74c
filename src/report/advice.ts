import path from 'node:path';
import { isPrivateEnvPath } from '../dotenv/paths.js';
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

/**
 * The words every human-readable format uses for a probe status (text, HTML,
 * summary, github, SARIF's summary): the JSON keeps the status values, which
 * are a contract. A probe cannot tell revoked from deleted or never valid, but
 * a leaked key that fails was almost always revoked, and one word in every
 * format beats a precise word in one.
 */
export const PROBE_LABELS: Record<ProbeStatus, string> = {
  live: 'live',
  live_no_quota: 'live, no quota',
  invalid: 'revoked',
  deactivated: 'deactivated',
  unknown: 'unknown',
};

/** What a dead key asks of the user: no rotation (there is nothing left to revoke), only the app that still needs a key. */
export const DEAD_KEY = 'already dead: find the app that used it and give it a new key';

/** A key the provider rejects or whose account is gone: rotating it would protect nothing. */
export const isDead = (probe?: ProbeResult): boolean => probe?.status === 'invalid' || probe?.status === 'deactivated';

const rotateNow = (rotateAt: string | undefined) => `rotate it now ${rotateAt ? `at ${rotateAt}` : "at the provider's key page"}`;
const PURGE = 'then purge it from the git history';

/** Remediation by probe status (issue 4): rotate whatever works, purge everything. */
const PROBE_ADVICE: Record<ProbeStatus, (rotateAt: string | undefined) => string> = {
  live: (at) => `The key works right now: ${rotateNow(at)}, ${PURGE}.`,
  live_no_quota: (at) => `The key is valid, only its billing quota is used up (it works again once credit is added): ${rotateNow(at)}, ${PURGE}.`,
  invalid: () => `The provider rejects the key (revoked, deleted or never valid): ${DEAD_KEY}; still purge it from the git history.`,
  deactivated: () =>
    'The account or organization behind the key is deactivated: an account problem to take up with the provider, not a key to rotate; still purge the key from the git history.',
  unknown: (at) => `Could not tell whether the key works: treat it as live, ${rotateNow(at)}, ${PURGE}.`,
};

/** "live (HTTP 200)", "revoked (HTTP 401, invalid_api_key)", "unknown (timeout)". */
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

/** The variable each provider's SDK reads by default; a made-up name would send the user to a variable nothing reads. */
const ENV_VARS: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GEMINI_API_KEY',
  huggingface: 'HF_TOKEN',
  replicate: 'REPLICATE_API_TOKEN',
  github: 'GITHUB_TOKEN',
  gitlab: 'GITLAB_TOKEN',
  aws: 'AWS_SECRET_ACCESS_KEY',
  slack: 'SLACK_BOT_TOKEN',
  stripe: 'STRIPE_SECRET_KEY',
  npm: 'NPM_TOKEN',
  database: 'DATABASE_URL',
  'azure-openai': 'AZURE_OPENAI_API_KEY',
  'private-key': 'PRIVATE_KEY',
};

/** PROVIDER_API_KEY for the providers whose SDKs all read that name (groq, mistral, xai...). */
export function envVariableFor(provider: string): string {
  return ENV_VARS[provider] ?? `${provider.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
}

/** How code in each language reads a variable; matched on the file name, so a check is a suffix test. */
const ENV_ACCESS: readonly (readonly [(file: string) => boolean, (variable: string) => string])[] = [
  [(f) => /\.pyw?$/i.test(f), (v) => `os.environ["${v}"]`],
  [(f) => /\.(?:[cm]?[jt]s|[jt]sx|vue|svelte|astro)$/i.test(f), (v) => `process.env.${v}`],
  [(f) => /\.(?:rb|rake|erb)$/i.test(f) || /(?:^|\/)(?:Gemfile|Rakefile)$/.test(f), (v) => `ENV["${v}"]`],
  [(f) => /\.go$/i.test(f), (v) => `os.Getenv("${v}")`],
];

/** `os.environ["OPENAI_API_KEY"]` in a Python file, `process.env.OPENAI_API_KEY` in JS/TS...; neutral words elsewhere. */
export function envAccessFor(file: string, provider: string): string {
  const variable = envVariableFor(provider);
  const access = ENV_ACCESS.find(([fits]) => fits(file))?.[1];
  return access ? access(variable) : `the ${variable} environment variable`;
}

/**
 * A key in a private .env (.env, .env.local) is where keys belong: the fix is
 * to keep the file out of git, not to take the key out of the file.
 */
export const keepsKeyOutOfGit = (file: string): boolean => isPrivateEnvPath(file);

/** The .gitignore line that keeps a private .env out (`.env*.local` covers .env.local and .env.development.local). */
export const gitignoreLineFor = (file: string): string => (path.posix.basename(file) === '.env' ? '.env' : '.env*.local');

/** First step by probe status: a key that works (or may) is rotated; a dead one only leaves an app without a key. */
function rotateStep(rotateAt: string | undefined, probe: ProbeResult | undefined): string {
  if (probe?.status === 'invalid') return `The key is ${DEAD_KEY} (the provider rejects it: nothing is left to rotate).`;
  if (probe?.status === 'deactivated') return 'The account behind the key is deactivated: take it up with the provider; there is no key to rotate.';
  return `Rotate the key ${rotateAt ? `at ${rotateAt}` : "at the provider's key page"}: a committed key counts as leaked, even once the line is gone.`;
}

/** Take the key out of the file, in the file's own language; a private .env keeps its key and leaves git instead. */
function removeStep(file: string, provider: string): string {
  if (keepsKeyOutOfGit(file)) {
    return `A .env file is where a key belongs, but not in git: git rm --cached ${file}, add "${gitignoreLineFor(file)}" to .gitignore, and commit a .env.example without values instead.`;
  }
  return `Remove it from the file and read it from the environment instead (${envAccessFor(file, provider)}), or from a secret manager; keep local .env files out of git with .gitignore.`;
}

export interface SecretStepsOf {
  readonly provider: string;
  readonly file: string;
  readonly rotateAt?: string;
  readonly inHistory: boolean;
  readonly probe?: ProbeResult;
}

/** How to get rid of a committed key, in the order that limits the damage. */
export function secretSteps(s: SecretStepsOf): string[] {
  const dead = isDead(s.probe);
  return [
    rotateStep(s.rotateAt, s.probe),
    removeStep(s.file, s.provider),
    s.inHistory
      ? `The key is in the git history: rewriting it away (git filter-repo --replace-text, then a force push) keeps it out of new clones, but forks and old clones still hold it${dead ? '' : ', so rotating is what protects you'}.`
      : `If the commit was pushed, the key is also in the git history: ${dead ? '' : 'rotate it, and '}rewrite history (git filter-repo --replace-text) only if the repository must not show it.`,
    'Not a real key (a test fixture, a documented sample)? Add scan-keys:allow to the line, or record it in a baseline.',
  ];
}

const DOTENV_STEPS = [
  'Fix the line as the message says; scan-keys fix-env repairs the safe formatting problems (whitespace, CRLF, spaces around =, a BOM).',
  'A .env file with real values does not belong in git: list it in .gitignore and commit a .env.example with placeholders instead.',
];

export function stepsFor(f: Finding): string[] {
  if (f.kind !== 'secret') return DOTENV_STEPS;
  return secretSteps({ provider: f.provider, file: f.file, rotateAt: f.rotateAt, inHistory: f.commit !== undefined, probe: f.probe });
}

/**
 * A secret's one-line message by what is known of the key: finalize words it
 * before the probe answers ("rotate it"), which a dead key makes wrong.
 */
export function secretMessage(f: Finding): string {
  if (f.kind !== 'secret' || !isDead(f.probe)) return f.message;
  const where = f.commit ? 'in git history' : 'in plain text';
  const dead = f.probe?.status === 'invalid' ? DEAD_KEY : 'its account is deactivated, nothing to rotate';
  return `${f.title} ${where}: ${f.commit ? 'rewrite the history to remove it' : 'remove it from the file'}; the key is ${dead}`;
}

/** One paragraph: the finding's message, the redacted key, where it came from and what the probe said. */
export function describe(f: Finding): string {
  const message = secretMessage(f).replace(/\.$/, '');
  const parts = [f.kind === 'secret' && f.redacted ? `${f.redacted} — ${message}.` : `${message}.`];
  if (f.commit) parts.push(`Introduced in ${commitText(f.commit)}.`);
  if (f.probe) parts.push(`Probe: ${probeText(f.probe)}. ${probeAdvice(f.probe, f.rotateAt)}`);
  return parts.join(' ');
}
