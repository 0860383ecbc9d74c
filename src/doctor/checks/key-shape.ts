import type { Check } from '../check.js';
import { placeOf, valueIn, type KeyFacts } from '../facts.js';
import { KEY_VARIABLES } from '../variables.js';

/** "an OpenAI", "a Groq": names are read letter by letter only where they start with a capital X (xAI is "an xAI"). */
export const withArticle = (name: string): string => `${/^(?:[AEIOU]|x[A-Z])/.test(name) ? 'an' : 'a'} ${name}`;

/** (c) Cause 1: the wrong thing was copied: a masked key, a cut-off key, a placeholder, another provider's key. */
export function keyShape(k: KeyFacts): Check {
  const { variable, providerName, keysPage, expected } = k.spec;
  const aKey = `${withArticle(providerName)} key`;
  const base = { id: 'shape', subject: variable, cause: 1, title: `the shape of ${aKey}` } as const;
  const putIt = k.from ? `, and put it in ${placeOf(k.from)}` : '';
  const copyAgain = `the dashboard shows a key once, when it is created: copy it whole then, or create a new one at ${keysPage}${putIt}`;
  const shape = k.shape;
  if (!shape) return { ...base, status: 'skip', detail: 'no value to check' };
  const where = k.from ? `in ${placeOf(k.from)}: ` : '';
  const it = `${variable}${valueIn(k)}`;
  const length = `${k.clean.length} characters`;
  switch (shape.kind) {
    case 'key': {
      if (shape.rule.provider === k.spec.provider) return { ...base, status: 'pass', detail: `${where}${shape.rule.title}, ${length}` };
      const home = KEY_VARIABLES.find((v) => v.provider === shape.rule.provider)?.variable ?? 'its own variable';
      return {
        ...base,
        status: 'fail',
        detail: `${where}this is ${withArticle(shape.rule.title)}, not ${aKey}`,
        headline: `${it} holds ${withArticle(shape.rule.title)}, not ${aKey}`,
        fix: `put it in ${home}, and the ${providerName} key in ${variable}`,
      };
    }
    case 'placeholder':
      return {
        ...base,
        status: 'fail',
        detail: `${where}a placeholder or example value shaped like ${withArticle(shape.rule.title)}`,
        headline: `${it} is a placeholder, not a key`,
        fix: `create a key at ${keysPage}${putIt}`,
      };
    case 'masked':
      return {
        ...base,
        status: 'fail',
        detail: `${where}masked or truncated (it holds ... or * or …): a key as a page or an error message shows it, not the key itself`,
        headline: `${it} is a masked key (as a page or an error message shows it), not the key itself`,
        fix: copyAgain,
      };
    case 'partial':
      return {
        ...base,
        status: 'fail',
        detail: `${where}starts like a key (${shape.prefix}) but is not a whole one (${length}): cut short, extra characters, or characters a key does not have`,
        headline: `${it} is not a whole key (${length})`,
        fix: copyAgain,
      };
    case 'unknown':
      return {
        ...base,
        status: 'fail',
        detail: `${where}not the shape of ${aKey} (expected ${expected}); ${length}`,
        headline: `${it} is not ${aKey}`,
        fix: `check that ${variable} holds the key, not an organization or project id or another provider's key; ${copyAgain}`,
      };
  }
}
