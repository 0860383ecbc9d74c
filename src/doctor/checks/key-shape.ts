import type { Check } from '../check.js';
import type { KeyFacts } from '../facts.js';
import { KEY_VARIABLES } from '../variables.js';

/** (c) Cause 1: the wrong thing was copied: a masked key, a cut-off key, a placeholder, another provider's key. */
export function keyShape(k: KeyFacts): Check {
  const { variable, providerName, keysPage, expected } = k.spec;
  const base = { id: 'shape', subject: variable, cause: 1, title: `the shape of an ${providerName} key` } as const;
  const copyAgain = `the dashboard shows a key once, when it is created: copy it whole then, or create a new one at ${keysPage}`;
  const shape = k.shape;
  if (!shape) return { ...base, status: 'skip', detail: 'no value to check' };
  const length = `${k.clean.length} characters`;
  switch (shape.kind) {
    case 'key': {
      if (shape.rule.provider === k.spec.provider) return { ...base, status: 'pass', detail: `${shape.rule.title}, ${length}` };
      const home = KEY_VARIABLES.find((v) => v.provider === shape.rule.provider)?.variable ?? 'its own variable';
      return {
        ...base,
        status: 'fail',
        detail: `this is an ${shape.rule.title}, not an ${providerName} key`,
        fix: `put it in ${home}, and the ${providerName} key in ${variable}`,
      };
    }
    case 'placeholder':
      return { ...base, status: 'fail', detail: `a placeholder or example value shaped like an ${shape.rule.title}`, fix: `create a key at ${keysPage}` };
    case 'masked':
      return {
        ...base,
        status: 'fail',
        detail: 'masked or truncated (it holds ... or * or …): a key as a page or an error message shows it, not the key itself',
        fix: copyAgain,
      };
    case 'partial':
      return {
        ...base,
        status: 'fail',
        detail: `starts like a key (${shape.prefix}) but is not a whole one (${length}): cut short, extra characters, or characters a key does not have`,
        fix: copyAgain,
      };
    case 'unknown':
      return {
        ...base,
        status: 'fail',
        detail: `not the shape of an ${providerName} key (expected ${expected}); ${length}`,
        fix: `check that ${variable} holds the key, not an organization or project id or another provider's key; ${copyAgain}`,
      };
  }
}
