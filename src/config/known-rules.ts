import { dotenvRules } from '../dotenv/rules/index.js';
import { builtinRules } from '../rules/index.js';

/**
 * The .env lint rules are not engine rules (the .env linter is a matcher),
 * but a config may turn them off or change their severity, so validation must know them.
 */
export const DOTENV_RULE_IDS: readonly string[] = dotenvRules.map((r) => r.id);

/** Every rule id a config may name before its own custom rules. */
export const knownRuleIds = (): ReadonlySet<string> => new Set([...builtinRules.map((r) => r.id), ...DOTENV_RULE_IDS]);
