import { describe, expect, test } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { caseVariants, keywordsOf } from '../../src/engine/keywords.js';
import { fingerprintOf } from '../../src/finalize.js';
import { base62, crc32Base62, validCrc32Base62 } from '../../src/rules/checksum.js';
import { fake, fakeParts } from '../../src/rules/fake.js';
import { builtinRules } from '../../src/rules/index.js';

const engine = new Engine(builtinRules);
const scan = (text: string) => engine.scan({ path: 'x', bytes: Buffer.from(text) });
const ids = (text: string) => scan(text).map((m) => m.rule.id);

describe('context-bound rules', () => {
  const key = fakeParts.mistral(7);

  test('find the key where its word stands before it, in any usual case', () => {
    for (const name of ['MISTRAL_API_KEY', 'mistral_api_key', 'Mistral_Api_Key', 'mistralApiKey']) {
      expect(ids(`${name}=${key}`), name).toEqual(['mistral-api-key']);
    }
  });

  test('find it when the word is on a line above, within reach, and not beyond', () => {
    expect(ids(`mistral:\n  model: large\n  api_key: ${key}\n`)).toEqual(['mistral-api-key']);
    expect(ids(`mistral:\n${'#'.repeat(100)}\napi_key: ${key}\n`)).toEqual([]);
  });

  test('a word after the key, or another provider named before it, does not count', () => {
    expect(ids(`api_key = "${key}"  # mistral`)).toEqual([]);
    expect(ids(`COHERE_API_KEY=${key}`)).toEqual([]);
  });

  test('the keyword search and the reader prefilter look for the usual cases of a context word', () => {
    expect(caseVariants('DeepSeek')).toEqual(['DeepSeek', 'deepseek', 'DEEPSEEK', 'Deepseek']);
    expect(caseVariants('co_api_key')).toEqual(['co_api_key', 'CO_API_KEY']);
    const searched = keywordsOf(builtinRules).map((k) => k.text);
    for (const word of ['mistral', 'MISTRAL', 'Mistral', 'DEEPSEEK', 'DeepSeek', 'COHERE', 'CO_API_KEY', 'co_api_key', 'AZURE', 'Azure']) {
      expect(searched, word).toContain(word);
    }
  });

  test('DeepSeek keys (sk- + 32 hex) are claimed by no rule without the word', () => {
    const deepseek = fakeParts.deepseek(3);
    expect(ids(`OPENAI_API_KEY=${deepseek}`)).toEqual([]);
    expect(ids(`DEEPSEEK_API_KEY=${deepseek}`)).toEqual(['deepseek-api-key']);
  });
});

describe('paired secrets', () => {
  const id = fake.awsKeyId(5);
  const secret = fakeParts.awsSecret(6);

  test('an AWS key id with its secret is one error at the secret, fingerprinted over both', () => {
    const text = `aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`;
    const [m, ...rest] = scan(text);
    expect(rest).toEqual([]);
    expect(m?.rule.id).toBe('aws-secret-access-key');
    expect(m?.rule.severity).toBe('error');
    expect(m?.start).toBe(text.indexOf(secret));
    expect(m?.secret === secret && m.pairedWith === id).toBe(true);
    // The same secret with another key id is another pair.
    const other = scan(`aws_access_key_id = ${fake.awsKeyId(8)}\naws_secret_access_key = ${secret}\n`)[0];
    expect(other && m && fingerprintOf(other) !== fingerprintOf(m)).toBe(true);
  });

  test('the key id alone is a warning', () => {
    const found = scan(`aws_access_key_id = ${id}\n`);
    expect(found.map((m) => [m.rule.id, m.rule.severity])).toEqual([['aws-access-key-id', 'warning']]);
  });

  test('a secret with no key id nearby is not claimed', () => {
    expect(ids(`aws_secret_access_key = ${secret}\n`)).toEqual([]);
  });

  test('a Langfuse secret key is an error alone, and pairs with its public key', () => {
    const sk = fake.langfuseSecret(4);
    const alone = scan(`LANGFUSE_SECRET_KEY=${sk}`)[0];
    const pair = scan(`LANGFUSE_PUBLIC_KEY=${fakeParts.langfusePublic(5)}\nLANGFUSE_SECRET_KEY=${sk}`)[0];
    expect(alone?.rule.id).toBe('langfuse-secret-key');
    expect(alone?.pairedWith).toBeUndefined();
    expect(pair?.pairedWith === fakeParts.langfusePublic(5)).toBe(true);
    expect(alone && pair && fingerprintOf(alone) !== fingerprintOf(pair)).toBe(true);
  });
});

describe('checksums', () => {
  test('base62 is zero-padded in 0-9A-Za-z', () => {
    expect(base62(0, 6)).toBe('000000');
    expect(base62(61, 6)).toBe('00000z');
    expect(base62(62, 6)).toBe('000010');
    expect(base62(0xffffffff, 6)).toBe('4gfFC3');
  });

  test('a GitHub classic token and an npm token check out; one changed character does not', () => {
    for (const token of [fake.githubClassic(9), fake.npm(9)]) {
      expect(validCrc32Base62(token)).toBe(true);
      const body = token.slice(4, -6);
      const changed = body.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
      expect(validCrc32Base62(token.slice(0, 4) + changed + token.slice(-6))).toBe(false);
      expect(crc32Base62(body)).toBe(token.slice(-6));
    }
  });
});

describe('long matches', () => {
  test('a private key block longer than the default window is found whole', () => {
    const block = fake.privateKey(3);
    expect(block.length).toBeGreaterThan(1200);
    const found = scan(`${'x '.repeat(2000)}\n${block}\n${'y '.repeat(2000)}`);
    expect(found.map((m) => [m.rule.id, m.secret === block])).toEqual([['private-key', true]]);
  });

  test('a service-account file is one finding, not a private key and a service account', () => {
    const { text } = fakeParts.serviceAccount(4);
    expect(ids(text)).toEqual(['google-service-account-key']);
  });
});
