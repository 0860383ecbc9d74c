import { anthropicRules } from './anthropic.js';
import { openaiRules } from './openai.js';
import type { Rule } from './rule.js';

export type { Rule, Severity, Verdict } from './rule.js';

/** Every built-in rule. A new provider adds one file and one line here. */
export const builtinRules: readonly Rule[] = [...openaiRules, ...anthropicRules];
