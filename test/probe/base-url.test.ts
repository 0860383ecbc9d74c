import { describe, expect, test } from 'vitest';
import { baseUrlsFrom, baseUrlVariable, checkBaseUrl, DEFAULT_BASE_URLS, isLoopback, PROVIDERS } from '../../src/probe/base-url.js';
import { UsageError } from '../../src/errors.js';

describe('base URLs', () => {
  test('defaults are the providers over https', () => {
    const bases = baseUrlsFrom({});
    expect(bases.openai).toEqual(['https://api.openai.com/v1']);
    expect(bases.anthropic).toEqual(['https://api.anthropic.com/v1']);
    expect(bases.groq).toEqual(['https://api.groq.com/openai/v1']);
    expect(bases.aws).toEqual(['https://sts.amazonaws.com']);
    for (const provider of PROVIDERS) for (const base of bases[provider]) expect(base, provider).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]{2,}(?:\/|$)/);
  });

  test('one SCAN_KEYS_<PROVIDER>_BASE_URL each: the provider upper-cased, - as _', () => {
    expect(baseUrlVariable('groq')).toBe('SCAN_KEYS_GROQ_BASE_URL');
    expect(baseUrlVariable('azure-openai')).toBe('SCAN_KEYS_AZURE_OPENAI_BASE_URL');
    expect(baseUrlVariable('huggingface')).toBe('SCAN_KEYS_HUGGINGFACE_BASE_URL');
    for (const provider of PROVIDERS) {
      const moved = baseUrlsFrom({ [baseUrlVariable(provider)]: 'https://gateway.example/p/' });
      expect(moved[provider], provider).toEqual(['https://gateway.example/p']);
      // The others stay where they were.
      for (const other of PROVIDERS.filter((p) => p !== provider)) expect(moved[other]).toEqual(DEFAULT_BASE_URLS[other]);
    }
  });

  test('Azure OpenAI has no default: every resource has a host of its own', () => {
    expect(baseUrlsFrom({})['azure-openai']).toEqual([]);
  });

  test("only SCAN_KEYS_*_BASE_URL move them, never a provider's own variable", () => {
    const env = {
      OPENAI_BASE_URL: 'https://proxy.example/v1',
      ANTHROPIC_BASE_URL: 'https://proxy.example/v1',
      GROQ_BASE_URL: 'https://proxy.example/v1',
      HF_ENDPOINT: 'https://proxy.example',
      GITHUB_API_URL: 'https://proxy.example',
      AWS_ENDPOINT_URL_STS: 'https://proxy.example',
    };
    expect(baseUrlsFrom(env)).toEqual(baseUrlsFrom({}));
  });

  test.each(['127.0.0.1', '127.1.2.3', 'localhost', '[::1]'])('http is allowed for the loopback host %s', (host) => {
    expect(isLoopback(host)).toBe(true);
    expect(checkBaseUrl('X', `http://${host}:8080/v1`)).toBe(`http://${host}:8080/v1`);
  });

  test.each(['128.0.0.1', '127.example.com', 'localhost.example.com', '10.0.0.1', '[::2]', 'api.openai.com'])(
    'http is refused for %s',
    (host) => {
      expect(isLoopback(host)).toBe(false);
      expect(() => checkBaseUrl('X', `http://${host}/v1`)).toThrow(UsageError);
      expect(() => checkBaseUrl('X', `http://${host}/v1`)).toThrow(/must use https/);
    },
  );

  test.each(PROVIDERS)('%s: plain http to another host is a usage error naming its variable', (provider) => {
    const variable = baseUrlVariable(provider);
    expect(() => baseUrlsFrom({ [variable]: 'http://api.example.com/v1' })).toThrow(new RegExp(`^${variable} must use https`));
  });

  test.each([
    ['not a url', /is not a URL/],
    ['ftp://127.0.0.1/v1', /must be an https URL/],
    ['https://user:pw@api.example.com/v1', /user name or password/],
    ['https://api.example.com/v1?x=1', /query or fragment/],
  ])('%s is a usage error', (value, message) => {
    expect(() => checkBaseUrl('SCAN_KEYS_OPENAI_BASE_URL', value)).toThrow(message);
  });
});
