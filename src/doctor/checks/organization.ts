import type { Check } from '../check.js';
import { shown } from '../../redact.js';
import type { HeaderProbe, KeyFacts, SetHeader } from '../facts.js';
import { shapeOf } from '../shape.js';
import { reprOf } from '../value.js';

/** A header value as the checklist names it: an id as it is, anything else redacted (it may be a key). */
const named = (h: { value: string; sendable?: boolean }) => (h.sendable === false ? reprOf(h.value, []) : shown(h.value));

/** Why a value was not sent: a key where an id goes, or just not an id. */
function unfit(h: SetHeader): string {
  const shape = shapeOf(h.value);
  const what = shape.kind === 'key' || shape.kind === 'placeholder' ? `holds an ${shape.rule.title}, not an id` : `is not an id of the form ${h.expected}`;
  return `${h.variable}${h.from ? ` in ${h.from}` : ''} ${what}: ${named(h)} (never sent)`;
}

const rejected = (k: KeyFacts, h: HeaderProbe) => {
  const withHeader = h.answer.result.httpStatus;
  return (withHeader === 401 || withHeader === 403) && withHeader !== k.probe?.result.httpStatus;
};

const evidence = (h: HeaderProbe) => [h.answer.result.httpStatus ? `HTTP ${h.answer.result.httpStatus}` : '', h.answer.result.code ?? ''].filter(Boolean).join(' ');

/** (e) Cause 6: an organization or project header that does not match the key. */
export function organization(k: KeyFacts): Check | undefined {
  if (k.spec.provider !== 'openai') return undefined;
  const base = { id: 'organization', subject: k.spec.variable, cause: 6, title: 'organization and project variables' } as const;
  const set = k.headers;
  if (set.length === 0) return { ...base, status: 'pass', detail: 'none of OPENAI_ORG_ID, OPENAI_ORGANIZATION, OPENAI_PROJECT_ID is set' };
  const bad = set.filter((s) => !s.sendable);
  if (bad.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: bad.map(unfit).join('; '),
      headline: `${bad.map((b) => b.variable).join(' and ')} ${bad.length === 1 ? 'is' : 'are'} not an organization or project id`,
      fix: `set ${bad.map((b) => b.variable).join(' and ')} to the id shown at platform.openai.com/settings/organization/general, or unset it; a key pasted there is leaked to whoever reads the environment: rotate it`,
    };
  }
  const listed = set.map((s) => `${s.variable}=${named(s)}${s.from ? ` in ${s.from}` : ''} (sent as ${s.header})`).join(', ');
  const mismatch = set.some((a) => set.some((b) => a.header === b.header && a.value !== b.value)) ? '; they name different organizations' : '';
  if (!k.probe) {
    return {
      ...base,
      status: 'warn',
      detail: `${listed} is set${mismatch}: a value that is not the key's organization or project gives 401 or 403`,
      fix: 'run scan-keys doctor --probe to test it with and without the header, or unset it and try again',
    };
  }
  if (k.headerProbes.length === 0) {
    return { ...base, status: 'warn', detail: `${listed} is set${mismatch}; not tested: the key itself is not live` };
  }
  const rejectedBy = k.headerProbes.filter((h) => rejected(k, h));
  if (rejectedBy.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: rejectedBy
        .map((h) => `live without ${h.header}, rejected with ${h.header}: ${named(h)} (${evidence(h)}): ${h.variable}${h.from ? ` in ${h.from}` : ''} does not match the key`)
        .join('; '),
      headline: `${rejectedBy.map((h) => h.variable).join(' and ')} ${rejectedBy.length === 1 ? 'does' : 'do'} not match the organization of ${k.spec.variable}`,
      fix: `unset ${rejectedBy.map((h) => h.variable).join(' and ')}, or set it to the organization or project the key belongs to (platform.openai.com/settings/organization/general)`,
    };
  }
  const unclear = k.headerProbes.filter((h) => h.answer.result.status !== 'live' && h.answer.result.status !== 'live_no_quota');
  if (unclear.length > 0) {
    return { ...base, status: 'warn', detail: unclear.map((h) => `with ${h.header}: ${named(h)}: ${h.answer.meaning}`).join('; ') };
  }
  return { ...base, status: 'pass', detail: `the key works with ${k.headerProbes.map((h) => `${h.header}: ${named(h)}`).join(' and ')}` };
}
