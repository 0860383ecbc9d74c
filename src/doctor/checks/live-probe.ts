import { baseUrlVariable, DEFAULT_BASE_URLS } from '../../probe/base-url.js';
import { ENDPOINTS, endpointUrl } from '../../probe/endpoints.js';
import type { Check } from '../check.js';
import { valueIn, type DoctorFacts, type KeyFacts } from '../facts.js';

/** A file name as one shell word: a .env name is input, and a command someone pastes must not run what it holds. */
const shellWord = (text: string) => (/^[A-Za-z0-9._/-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);

/** The same request by hand, with the key as $VARIABLE: a shell expands it, nobody copies it. */
export function curlFor(k: KeyFacts, facts: DoctorFacts): string {
  const endpoint = ENDPOINTS[k.rule?.id ?? k.spec.defaultRule]!;
  const headers = Object.entries(endpoint.headers(`$${k.spec.variable}`)).map(([name, value]) => `-H "${name}: ${value}"`);
  const curl = `curl -sS "${endpointUrl(endpoint, facts.context.bases)}" ${headers.join(' ')}`;
  // In the dotenv case the shell has no $VARIABLE: the file is read into it first, as the app's loader would.
  const load = k.from ? [`set -a; . ${shellWord(`./${k.from.file}`)}; set +a`] : [];
  if (k.spec.provider !== 'openai') return [...load, curl].join('\n');
  const extra = k.headers.map((h) => `${curl} -H "${h.header}: $${h.variable}"`);
  return [...load, curl, ...extra].join('\n');
}

const VERSION = /\/v\d+[a-z]*$/;

/**
 * A base URL set without the version its provider's API lives under (…/openai
 * for …/openai/v1) answers 404 on /models for every key: that says nothing of
 * the key, so it is a warning that names the suffix, never "revoked".
 */
function missingVersion(k: KeyFacts, facts: DoctorFacts): string | undefined {
  if (k.probe?.result.httpStatus !== 404 || !k.rule) return undefined;
  const { provider } = ENDPOINTS[k.rule.id]!;
  const base = facts.context.bases[provider][0];
  const suffix = DEFAULT_BASE_URLS[provider].map((d) => VERSION.exec(d)?.[0]).find(Boolean);
  if (!base || !suffix || VERSION.test(base)) return undefined;
  return (
    `${baseUrlVariable(provider)}=${base} answered 404 (not found) on ${endpointUrl(ENDPOINTS[k.rule.id]!, facts.context.bases).slice(base.length)}: ` +
    `the API is under ${suffix} (the default is ${DEFAULT_BASE_URLS[provider][0]}); try ${base}${suffix}`
  );
}

/** (g) Cause 2, and what the provider says: live, revoked, deactivated, out of quota. */
export function liveProbe(k: KeyFacts, facts: DoctorFacts): Check {
  const base = { id: 'probe', subject: k.spec.variable, cause: 2, title: 'the provider accepts the key', command: curlFor(k, facts) } as const;
  if (facts.context.probeTimeoutMs === undefined) {
    return { ...base, status: 'skip', detail: `not asked: add --probe to ask ${k.spec.providerName} (this sends the key to it)` };
  }
  if (!k.probe) return { ...base, status: 'skip', detail: 'not asked: the value is not a key of this provider' };
  const { result, meaning } = k.probe;
  const evidence = [result.httpStatus ? `HTTP ${result.httpStatus}` : '', result.code ?? ''].filter(Boolean).join(' ');
  const trimmed = k.clean !== k.raw ? ' (asked with the value trimmed of whitespace and quotes)' : '';
  const detail = `${result.status}: ${meaning}${evidence ? ` (${evidence})` : ''}${trimmed}`;
  const noVersion = missingVersion(k, facts);
  if (noVersion) return { ...base, status: 'warn', detail: `unknown: ${evidence}, the answer of a URL that does not exist, whatever the key`, fix: noVersion };
  const it = `${k.spec.variable}${valueIn(k)}`;
  switch (result.status) {
    case 'live':
      return { ...base, status: result.httpStatus === 403 ? 'warn' : 'pass', detail };
    case 'live_no_quota':
      return { ...base, status: 'warn', detail, fix: 'the app gets 429, not 401: add credit or raise the limit in the billing settings' };
    case 'invalid':
      return {
        ...base,
        status: 'fail',
        detail,
        headline: `${k.spec.providerName} refuses the key in ${it}${evidence ? ` (${evidence})` : ''}`,
        fix:
          `a wrong, revoked or deleted key (rotated, removed by an admin, or revoked automatically after it was found in a public repository) cannot be restored: ` +
          `create a new key at ${k.spec.keysPage} and put it where the app reads it`,
      };
    case 'deactivated':
      return { ...base, status: 'fail', detail, headline: `the ${k.spec.providerName} account of ${it} is deactivated`, fix: 'an account problem: check the billing and the organization with the provider; a new key will not help' };
    case 'unknown':
      return { ...base, status: 'warn', detail, fix: 'try again later, or run the command below by hand' };
  }
}
