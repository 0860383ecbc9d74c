import { builtinRules } from '../rules/index.js';

/**
 * The .env lint rule ids of DESIGN.md. They are not engine rules (the .env
 * linter is a matcher), but a config may turn them off or change their
 * severity, so validation must know them.
 */
export const DOTENV_RULE_IDS: readonly string[] = [
  'dotenv-trailing-whitespace',
  'dotenv-leading-whitespace',
  'dotenv-space-around-equals',
  'dotenv-crlf',
  'dotenv-unbalanced-quotes',
  'dotenv-nested-quotes',
  'dotenv-smart-quotes',
  'dotenv-duplicate-key',
  'dotenv-invalid-line',
  'dotenv-bom',
  'dotenv-key-name',
  'dotenv-masked-key',
  'dotenv-committed',
];

/** Every rule id a config may name before its own custom rules. */
export const knownRuleIds = (): ReadonlySet<string> => new Set([...builtinRules.map((r) => r.id), ...DOTENV_RULE_IDS]);
