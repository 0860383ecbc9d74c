import { describe, expect, test } from 'vitest';
import { classify, isRetryable } from '../../src/probe/classify.js';
import { errorCodeOf } from '../../src/probe/request.js';

describe('the probe table', () => {
  test.each([
    ['openai', 200, undefined, 'live'],
    ['openai', 401, 'invalid_api_key', 'invalid'],
    ['openai', 401, 'account_deactivated', 'deactivated'],
    ['openai', 401, 'authentication_error', 'unknown'],
    ['openai', 404, 'unknown_url', 'unknown'],
    ['openai', 403, 'unsupported_country_region_territory', 'live'],
    ['openai', 429, 'insufficient_quota', 'live_no_quota'],
    ['openai', 429, 'rate_limit_exceeded', 'live'],
    ['openai', 500, 'server_error', 'unknown'],
    ['anthropic', 200, undefined, 'live'],
    ['anthropic', 401, 'authentication_error', 'invalid'],
    ['anthropic', 401, 'invalid_api_key', 'unknown'],
    ['anthropic', 404, 'not_found_error', 'invalid'],
    ['anthropic', 403, 'permission_error', 'live'],
    ['anthropic', 429, 'rate_limit_error', 'live'],
    ['anthropic', 529, 'overloaded_error', 'unknown'],
    ['openai', 418, undefined, 'unknown'],
  ] as const)('%s HTTP %i %s is %s, keeping status and code', (provider, httpStatus, code, status) => {
    const { result } = classify(provider, { httpStatus, ...(code ? { code } : {}) });
    expect(result.status).toBe(status);
    expect(result.httpStatus).toBe(httpStatus);
    expect(result.code).toBe(code);
    if (status === 'unknown') expect(result.detail).toMatch(/provider|table/);
  });

  test('retry only what may pass: 5xx, 529 and rate limits, never an empty quota or a verdict', () => {
    expect([500, 502, 529].map((httpStatus) => isRetryable({ httpStatus }))).toEqual([true, true, true]);
    expect(isRetryable({ httpStatus: 429, code: 'rate_limit_exceeded' })).toBe(true);
    expect(isRetryable({ httpStatus: 429, code: 'insufficient_quota' })).toBe(false);
    expect([200, 401, 403, 404].map((httpStatus) => isRetryable({ httpStatus }))).toEqual([false, false, false, false]);
  });

  test('error codes: OpenAI error.code, else error.type (Anthropic); nothing that is not an identifier', () => {
    expect(errorCodeOf('{"error":{"code":"invalid_api_key","type":"invalid_request_error"}}')).toBe('invalid_api_key');
    expect(errorCodeOf('{"error":{"code":null,"type":"server_error"}}')).toBe('server_error');
    expect(errorCodeOf('{"type":"error","error":{"type":"authentication_error"}}')).toBe('authentication_error');
    expect(errorCodeOf('{"error":{"code":"has spaces: and more"}}')).toBeUndefined();
    expect(errorCodeOf('<html>')).toBeUndefined();
    expect(errorCodeOf('null')).toBeUndefined();
  });
});
