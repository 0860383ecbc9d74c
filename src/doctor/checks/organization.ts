import type { Check } from '../check.js';
import { headerVariables, type DoctorFacts, type HeaderProbe, type KeyFacts } from '../facts.js';

const rejected = (k: KeyFacts, h: HeaderProbe) => {
  const withHeader = h.answer.result.httpStatus;
  return (withHeader === 401 || withHeader === 403) && withHeader !== k.probe?.result.httpStatus;
};

const evidence = (h: HeaderProbe) => [h.answer.result.httpStatus ? `HTTP ${h.answer.result.httpStatus}` : '', h.answer.result.code ?? ''].filter(Boolean).join(' ');

/** (e) Cause 6: an organization or project header that does not match the key. */
export function organization(k: KeyFacts, facts: DoctorFacts): Check | undefined {
  if (k.spec.provider !== 'openai') return undefined;
  const base = { id: 'organization', subject: k.spec.variable, cause: 6, title: 'organization and project variables' } as const;
  const set = headerVariables(facts.context.env);
  if (set.length === 0) return { ...base, status: 'pass', detail: 'none of OPENAI_ORG_ID, OPENAI_ORGANIZATION, OPENAI_PROJECT_ID is set' };
  const named = set.map((s) => `${s.variable}=${s.value} (sent as ${s.header})`).join(', ');
  const mismatch = set.some((a) => set.some((b) => a.header === b.header && a.value !== b.value)) ? '; they name different organizations' : '';
  if (!k.probe) {
    return {
      ...base,
      status: 'warn',
      detail: `${named} is set${mismatch}: a value that is not the key's organization or project gives 401 or 403`,
      fix: 'run scan-keys doctor --probe to test it with and without the header, or unset it and try again',
    };
  }
  if (k.headerProbes.length === 0) {
    return { ...base, status: 'warn', detail: `${named} is set${mismatch}; not tested: the key itself is not live` };
  }
  const bad = k.headerProbes.filter((h) => rejected(k, h));
  if (bad.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: bad
        .map((h) => `live without ${h.header}, rejected with ${h.header}: ${h.value} (${evidence(h)}): ${h.variable} does not match the key`)
        .join('; '),
      fix: `unset ${bad.map((h) => h.variable).join(' and ')}, or set it to the organization or project the key belongs to (platform.openai.com/settings/organization/general)`,
    };
  }
  const unclear = k.headerProbes.filter((h) => h.answer.result.status !== 'live' && h.answer.result.status !== 'live_no_quota');
  if (unclear.length > 0) {
    return { ...base, status: 'warn', detail: unclear.map((h) => `with ${h.header}: ${h.value}: ${h.answer.meaning}`).join('; ') };
  }
  return { ...base, status: 'pass', detail: `the key works with ${k.headerProbes.map((h) => `${h.header}: ${h.value}`).join(' and ')}` };
}
