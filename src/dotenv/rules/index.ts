import { dotenvBom } from './bom.js';
import { dotenvCommitted } from './committed.js';
import { dotenvCrlf } from './crlf.js';
import { dotenvDuplicateKey } from './duplicate-key.js';
import { dotenvInvalidLine } from './invalid-line.js';
import { dotenvKeyName } from './key-name.js';
import { dotenvLeadingWhitespace } from './leading-whitespace.js';
import { dotenvMaskedKey } from './masked-key.js';
import { dotenvNestedQuotes } from './nested-quotes.js';
import type { DotenvRule } from './rule.js';
import { dotenvSmartQuotes } from './smart-quotes.js';
import { dotenvSpaceAroundEquals } from './space-around-equals.js';
import { dotenvTrailingWhitespace } from './trailing-whitespace.js';
import { dotenvUnbalancedQuotes } from './unbalanced-quotes.js';

export type { DotenvContext, DotenvExample, DotenvRule, Problem, TextEdit, ValueSpan } from './rule.js';

/** Every .env rule, in the order DESIGN.md lists the ids. A new rule adds one file and one line here. */
export const dotenvRules: readonly DotenvRule[] = [
  dotenvTrailingWhitespace,
  dotenvLeadingWhitespace,
  dotenvSpaceAroundEquals,
  dotenvCrlf,
  dotenvUnbalancedQuotes,
  dotenvNestedQuotes,
  dotenvSmartQuotes,
  dotenvDuplicateKey,
  dotenvInvalidLine,
  dotenvBom,
  dotenvKeyName,
  dotenvMaskedKey,
  dotenvCommitted,
];
