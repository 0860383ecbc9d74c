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

describe('error codes where each provider puts them', () => {
  test.each([
    ['Google error.details[].reason', '{"error":{"code":400,"status":"INVALID_ARGUMENT","details":[{"reason":"API_KEY_INVALID"}]}}', 'API_KEY_INVALID'],
    ['Slack top-level error', '{"ok":false,"error":"token_revoked"}', 'token_revoked'],
    ['GitLab top-level error', '{"error":"invalid_token","error_description":"Token has expired."}', 'invalid_token'],
    ['ElevenLabs detail.status', '{"detail":{"status":"missing_permissions","message":"…"}}', 'missing_permissions'],
    ['Cerebras top-level code', '{"message":"Wrong API Key","code":"wrong_api_key"}', 'wrong_api_key'],
    ['STS XML', '<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>', 'SignatureDoesNotMatch'],
    ['a message, not an identifier', '{"error":"Invalid credentials in Authorization header"}', undefined],
    ['a numeric code', '{"message":"401: Unauthorized","code":0}', undefined],
  ])('%s', (_name, body, code) => {
    expect(errorCodeOf(body)).toBe(code);
  });

  test('an error.code that looks like a key is dropped whole, not replaced by error.type', () => {
    const echoed = `sk${'Ab3dE9gH2k'.repeat(4)}`;
    expect(errorCodeOf(JSON.stringify({ error: { code: echoed, type: 'invalid_request_error' } }))).toBeUndefined();
  });
});

describe('what the tables read from a body', () => {
  test('OpenRouter: no credit left on the key is live, no quota; credit left is said', () => {
    expect(classify('openrouter', { httpStatus: 200, body: { data: { limit: 5, limit_remaining: 0 } } }).result).toEqual({
      status: 'live_no_quota',
      httpStatus: 200,
      detail: "no credit left of the key's limit (5)",
    });
    expect(classify('openrouter', { httpStatus: 200, body: { data: { limit: null, limit_remaining: null, is_free_tier: true } } }).result).toEqual({
      status: 'live',
      httpStatus: 200,
      detail: 'free tier',
    });
  });

  test('a number or a date from a server is kept only when it is one: free text never reaches the detail', () => {
    const said = classify('gitlab', { httpStatus: 200, body: { active: true, scopes: ['api', 'has spaces in it', 'x'.repeat(60)], expires_at: 'tomorrow, maybe' } });
    expect(said.result).toEqual({ status: 'live', httpStatus: 200, detail: 'scopes: api' });
    const tavily = classify('tavily', { httpStatus: 200, body: { key: { usage: '99', limit: 'lots' } } });
    expect(tavily.result).toEqual({ status: 'live', httpStatus: 200 });
  });

  test('GitHub: scopes and expiry come from headers; a token with no scopes says so', () => {
    expect(classify('github', { httpStatus: 200, headers: { 'x-oauth-scopes': '' } }).result.detail).toBe('scopes: none');
    expect(classify('github', { httpStatus: 200, headers: {} }).result.detail).toBeUndefined();
  });

  test('Slack: HTTP 200 with ok false is not live', () => {
    expect(classify('slack', { httpStatus: 200, code: 'invalid_auth', body: { ok: false, error: 'invalid_auth' } }).result.status).toBe('invalid');
    expect(classify('slack', { httpStatus: 200, code: 'ekm_access_denied', body: { ok: false, error: 'ekm_access_denied' } }).result.status).toBe('unknown');
  });

  test('xAI: each blocking flag is named', () => {
    const blocked = classify('xai', { httpStatus: 200, body: { api_key_blocked: true, api_key_disabled: false, team_blocked: false } });
    expect(blocked.result).toEqual({ status: 'deactivated', httpStatus: 200, detail: 'api_key_blocked' });
  });

  test('a 429 that no row knows is unknown, rate-limited', () => {
    expect(classify('telegram', { httpStatus: 429 }).result).toEqual({ status: 'unknown', httpStatus: 429, detail: 'rate-limited, even after one retry' });
  });
});
