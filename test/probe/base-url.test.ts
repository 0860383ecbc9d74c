import { describe, expect, test } from 'vitest';
import { baseUrlsFrom, checkBaseUrl, isLoopback } from '../../src/probe/base-url.js';
import { UsageError } from '../../src/errors.js';

describe('base URLs', () => {
  test('defaults are the providers over https', () => {
    expect(baseUrlsFrom({})).toEqual({ openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com/v1' });
  });

  test('only SCAN_KEYS_*_BASE_URL move them, never OPENAI_BASE_URL or ANTHROPIC_BASE_URL', () => {
    const env = { OPENAI_BASE_URL: 'https://proxy.example/v1', ANTHROPIC_BASE_URL: 'https://proxy.example/v1' };
    expect(baseUrlsFrom(env)).toEqual(baseUrlsFrom({}));
    expect(baseUrlsFrom({ SCAN_KEYS_OPENAI_BASE_URL: 'https://gateway.example/openai/v1/' }).openai).toBe('https://gateway.example/openai/v1');
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

  test.each([
    ['not a url', /is not a URL/],
    ['ftp://127.0.0.1/v1', /must be an https URL/],
    ['https://user:pw@api.example.com/v1', /user name or password/],
    ['https://api.example.com/v1?x=1', /query or fragment/],
  ])('%s is a usage error', (value, message) => {
    expect(() => checkBaseUrl('SCAN_KEYS_OPENAI_BASE_URL', value)).toThrow(message);
  });
});
