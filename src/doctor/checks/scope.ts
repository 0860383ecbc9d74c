import type { Check } from '../check.js';
import type { KeyFacts } from '../facts.js';

const PROJECT_SCOPED = new Set(['openai-project-key', 'openai-service-account-key']);

/** (f) Cause 3: a project key used outside its project, or an admin key used for API calls. */
export function scope(k: KeyFacts): Check | undefined {
  if (k.spec.provider !== 'openai') return undefined;
  const base = { id: 'scope', subject: k.spec.variable, cause: 3, title: 'what the key may reach' } as const;
  const rule = k.rule;
  if (!rule) return { ...base, status: 'skip', detail: 'no key to judge' };
  if (rule.id === 'openai-admin-key') {
    return {
      ...base,
      status: 'warn',
      detail: 'an admin key (sk-admin-) works only on the organization admin endpoints; models, chat and responses calls give 401',
      fix: 'use a project key for API calls; keep the admin key for administration',
    };
  }
  if (!PROJECT_SCOPED.has(rule.id)) return { ...base, status: 'pass', detail: 'a user key: not limited to one project' };
  const note =
    'a project key works only inside its project: org-level or admin endpoints, and models or features the project does not allow, give 401 or 403 with a valid key';
  const answer = k.probe?.result;
  if (answer?.httpStatus === 403) {
    return {
      ...base,
      status: 'warn',
      detail: `the provider knows the key but refuses this request (HTTP 403${answer.code ? ` ${answer.code}` : ''}): ${note}`,
      fix: "allow the model or endpoint in the project's settings, or use a key of a project that has it",
    };
  }
  return { ...base, status: 'info', detail: note };
}
