import { ENDPOINTS, endpointUrl } from '../../probe/endpoints.js';
import type { Check } from '../check.js';
import { headerVariables, type DoctorFacts, type KeyFacts } from '../facts.js';

/** The same request by hand, with the key as $VARIABLE: a shell expands it, nobody copies it. */
export function curlFor(k: KeyFacts, facts: DoctorFacts): string {
  const endpoint = ENDPOINTS[k.rule?.id ?? k.spec.defaultRule]!;
  const headers = Object.entries(endpoint.headers(`$${k.spec.variable}`)).map(([name, value]) => `-H "${name}: ${value}"`);
  const curl = `curl -sS "${endpointUrl(endpoint, facts.context.bases)}" ${headers.join(' ')}`;
  if (k.spec.provider !== 'openai') return curl;
  const extra = headerVariables(facts.context.env).map((h) => `${curl} -H "${h.header}: $${h.variable}"`);
  return [curl, ...extra].join('\n');
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
        fix:
          `a wrong, revoked or deleted key (rotated, removed by an admin, or revoked automatically after it was found in a public repository) cannot be restored: ` +
          `create a new key at ${k.spec.keysPage} and put it where the app reads it`,
      };
    case 'deactivated':
      return { ...base, status: 'fail', detail, fix: 'an account problem: check the billing and the organization with the provider; a new key will not help' };
    case 'unknown':
      return { ...base, status: 'warn', detail, fix: 'try again later, or run the command below by hand' };
  }
}
