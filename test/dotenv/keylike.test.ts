import { describe, expect, test } from 'vitest';
import { KEY_PREFIXES, keyPrefixOf, mayHoldKeyPrefix, providerOfKey } from '../../src/dotenv/keylike.js';
import { builtinRules } from '../../src/rules/index.js';

describe('providerOfKey', () => {
  // It tests a rule's keywords before its regex: every key a self-evident rule must find still names that rule's provider.
  const selfEvident = builtinRules.filter((r) => !r.context && !r.pair);
  test.each(selfEvident.map((r) => [r.id, r] as const))('%s: its own examples are its provider\'s keys', (_id, rule) => {
    const keys = rule.examples.match().filter((m): m is string => typeof m === 'string');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(providerOfKey(key)?.provider).toBe(rule.provider);
  });

  test('a value that holds no rule\'s keyword is no provider\'s key', () => {
    expect(providerOfKey('builder-247')).toBeUndefined();
    expect(providerOfKey('')).toBeUndefined();
  });
});

test('mayHoldKeyPrefix is true wherever keyPrefixOf finds a prefix, and false for values with none', () => {
  for (const p of KEY_PREFIXES) {
    expect(mayHoldKeyPrefix(`${p}abc`)).toBe(true);
    expect(mayHoldKeyPrefix(` "${p}abc" `)).toBe(true);
  }
  for (const v of ['', 'buffer-909', 'sk_live', 's-k-', 'SK-proj-abc']) {
    expect(keyPrefixOf(v)).toBeUndefined();
    expect(mayHoldKeyPrefix(v)).toBe(false);
  }
});
