import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { baseUrlsFrom, type BaseUrls } from '../../src/probe/base-url.js';
import { awsAccountOf, ENDPOINTS, NOT_PROBED } from '../../src/probe/endpoints.js';
import { createProber, probeKey, type ProbeKeyOptions } from '../../src/probe/prober.js';
import type { ProbeRequest } from '../../src/pipeline.js';
import { readFileSync } from 'node:fs';
import { builtinRules } from '../../src/rules/index.js';
import { fakeProvider, type FakeProvider, type Recorded, type Scenario } from '../support/provider.js';

/**
 * Every probed provider, through probeKey, against the loopback server that
 * plays its documented answers. The keys are made here at run time and need
 * not have the real shape, except where the probe looks at it (a prefix, a
 * bot token's form, an AWS key id).
 */
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomText = (n: number, alphabet = ALNUM) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
const key = (prefix = 'probe-test-') => `${prefix}${randomText(24)}`;
const telegramToken = () => `${'7'.repeat(9)}:AA${randomText(33)}`;
const webhookToken = () => randomText(68);
const webhookUrl = (token: string) => `https://discord.com/api/webhooks/${'4'.repeat(18)}/${token}`;
/** An access key id whose digits encode `account` (bit 47 set, so it is never an AKIAI/AKIAJ legacy id). */
function awsKeyIdFor(account: bigint): string {
  const base32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = ((account << 7n) | (1n << 47n)) << 32n;
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = base32[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `AKIA${out}`;
}
const awsKeyId = () => awsKeyIdFor(BigInt(`0x${randomBytes(4).toString('hex')}`));
const awsSecret = () => randomText(40, `${ALNUM}+/`);

interface Case {
  readonly name: string;
  readonly rule: string;
  /** The secret as the rule finds it. */
  readonly secret: string;
  /** What the server reads as the key (the secret unless said: a webhook's token, an AWS key id). */
  readonly seen?: string;
  readonly partner?: string;
  readonly scenario: Scenario;
  readonly expected: Record<string, unknown>;
  /** The provider's prefix on the server, and the request it must have got. */
  readonly provider: string;
  readonly request?: string;
  readonly requests?: number;
}

const c = (
  provider: string,
  rule: string,
  scenario: Scenario,
  expected: Record<string, unknown>,
  more: Partial<Case> & { request?: string } = {},
): Case => {
  const secret = more.secret ?? key();
  return { name: `${rule} ${scenario}`, rule, secret, scenario, expected, provider, ...more };
};

const detail = (text: string) => expect.stringContaining(text);
const awsIds = { live: awsKeyId(), invalid: awsKeyId(), wrongSecret: awsKeyId(), expired: awsKeyId() };
const awsSecrets = { live: awsSecret(), invalid: awsSecret(), wrongSecret: awsSecret(), expired: awsSecret() };
const hooks = { live: webhookToken(), gone: webhookToken() };

const CASES: readonly Case[] = [
  c('openai', 'openai-named-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /openai/v1/models' }),
  c('google', 'google-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /google/v1beta/models' }),
  c('google', 'google-api-key', 'invalid', { status: 'invalid', httpStatus: 400, code: 'API_KEY_INVALID' }),
  c('google', 'google-api-key', 'expired', { status: 'invalid', httpStatus: 400, code: 'API_KEY_EXPIRED', detail: 'expired' }),
  c('google', 'google-api-key', 'restricted', { status: 'live', httpStatus: 403, code: 'API_KEY_HTTP_REFERRER_BLOCKED', detail: detail('restricted') }),
  c('google', 'google-api-key', 'blocked', { status: 'live', httpStatus: 403, code: 'SERVICE_DISABLED' }),
  c('google', 'google-gemini-auth-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /google/v1beta/models' }),
  c('google', 'google-gemini-auth-key', 'not-found', { status: 'unknown', httpStatus: 401, code: 'ACCESS_TOKEN_TYPE_UNSUPPORTED' }),
  c('groq', 'groq-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /groq/openai/v1/models' }),
  c('groq', 'groq-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'invalid_api_key' }),
  c('groq', 'groq-api-key', 'rate-limit', { status: 'live', httpStatus: 429, code: 'rate_limit_exceeded', detail: 'rate-limited' }, { requests: 2 }),
  c('groq', 'groq-api-key', 'forbidden', { status: 'unknown', httpStatus: 403, code: 'permission_denied' }),
  c('groq', 'groq-api-key', 'server-error', { status: 'unknown', httpStatus: 500, code: 'server_error', detail: 'the provider had an error' }, { requests: 2 }),
  c('together', 'together-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /together/v1/models' }),
  c('together', 'together-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'invalid_api_key' }),
  c('cerebras', 'cerebras-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /cerebras/v1/models' }),
  c('cerebras', 'cerebras-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'wrong_api_key' }),
  c('mistral', 'mistral-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /mistral/v1/models' }),
  c('mistral', 'mistral-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('openrouter', 'openrouter-api-key', 'ok', { status: 'live', httpStatus: 200, detail: 'credit left: 7.5' }, { request: 'GET /openrouter/api/v1/key' }),
  c('openrouter', 'openrouter-api-key', 'no-quota', { status: 'live_no_quota', httpStatus: 200, detail: "no credit left of the key's limit (10)" }),
  c('openrouter', 'openrouter-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('huggingface', 'huggingface-token', 'ok', { status: 'live', httpStatus: 200, detail: 'role: write' }, { request: 'GET /huggingface/api/whoami-v2' }),
  c('huggingface', 'huggingface-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('huggingface', 'huggingface-token', 'expired', { status: 'invalid', httpStatus: 401, detail: 'expired' }),
  c('langsmith', 'langsmith-api-key', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('lsv2_pt_'), request: 'GET /langsmith/api/v1/api-key/current' }),
  c('langsmith', 'langsmith-api-key', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('lsv2_sk_'), request: 'GET /langsmith/api/v1/orgs/current' }),
  c('langsmith', 'langsmith-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }, { secret: key('lsv2_pt_') }),
  c('langsmith', 'langsmith-api-key', 'forbidden', { status: 'invalid', httpStatus: 403 }, { secret: key('lsv2_sk_') }),
  c('xai', 'xai-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /xai/v1/api-key' }),
  c('xai', 'xai-api-key', 'blocked', { status: 'deactivated', httpStatus: 200, detail: 'api_key_disabled, team_blocked' }),
  c('xai', 'xai-api-key', 'invalid', { status: 'invalid', httpStatus: 400 }),
  c('tavily', 'tavily-api-key', 'ok', { status: 'live', httpStatus: 200, detail: 'used 150 of 1000 credits' }, { request: 'GET /tavily/usage' }),
  c('tavily', 'tavily-api-key', 'no-quota', { status: 'live_no_quota', httpStatus: 200, detail: 'used 1000 of 1000 credits' }),
  c('tavily', 'tavily-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('pinecone', 'pinecone-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /pinecone/indexes' }),
  c('pinecone', 'pinecone-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'UNAUTHENTICATED' }),
  c('pinecone', 'pinecone-api-key', 'restricted', { status: 'live', httpStatus: 403, code: 'FORBIDDEN' }),
  c('replicate', 'replicate-api-token', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /replicate/v1/account' }),
  c('replicate', 'replicate-api-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('perplexity', 'perplexity-api-key', 'ok', { status: 'live', httpStatus: 400, code: 'invalid_model', detail: detail('nothing billed') }, { request: 'POST /perplexity/chat/completions' }),
  c('perplexity', 'perplexity-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('elevenlabs', 'elevenlabs-api-key', 'ok', { status: 'live', httpStatus: 200, detail: 'used 1200 of 30000 characters' }, { request: 'GET /elevenlabs/v1/user' }),
  c('elevenlabs', 'elevenlabs-api-key', 'no-quota', { status: 'live_no_quota', httpStatus: 200, detail: 'used 10000 of 10000 characters' }),
  c('elevenlabs', 'elevenlabs-api-key', 'restricted', { status: 'live', httpStatus: 401, code: 'missing_permissions' }),
  c('elevenlabs', 'elevenlabs-api-key', 'blocked', { status: 'deactivated', httpStatus: 401, code: 'detected_unusual_activity' }),
  c('elevenlabs', 'elevenlabs-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'invalid_api_key' }),
  c('firecrawl', 'firecrawl-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /firecrawl/v1/crawl/active' }),
  c('firecrawl', 'firecrawl-api-key', 'no-quota', { status: 'live_no_quota', httpStatus: 402 }),
  c('firecrawl', 'firecrawl-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('langfuse', 'langfuse-secret-key', 'ok', { status: 'live', httpStatus: 200 }, { partner: key('pk-lf-'), request: 'GET /langfuse/api/public/projects' }),
  c('langfuse', 'langfuse-secret-key', 'invalid', { status: 'invalid', httpStatus: 401 }, { partner: key('pk-lf-') }),
  c('wandb', 'wandb-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'POST /wandb/graphql' }),
  c('wandb', 'wandb-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('wandb', 'wandb-legacy-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'POST /wandb/graphql' }),
  c('deepseek', 'deepseek-api-key', 'ok', { status: 'live', httpStatus: 200, detail: 'balance: 110.00 CNY' }, { request: 'GET /deepseek/user/balance' }),
  c('deepseek', 'deepseek-api-key', 'no-quota', { status: 'live_no_quota', httpStatus: 200, detail: 'no balance to spend; balance: 0.00 USD' }),
  c('deepseek', 'deepseek-api-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'invalid_request_error' }),
  c('cohere', 'cohere-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'POST /cohere/v1/check-api-key' }),
  c('cohere', 'cohere-api-key', 'revoked', { status: 'invalid', httpStatus: 200 }),
  c('cohere', 'cohere-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('azure-openai', 'azure-openai-api-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /azure-openai/openai/models?api-version=2024-10-21' }),
  c('azure-openai', 'azure-openai-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('github', 'github-classic-token', 'ok', { status: 'live', httpStatus: 200, detail: 'scopes: repo, read:org; expires 2031-01-02' }, { secret: key('ghp_'), request: 'GET /github/rate_limit' }),
  c('github', 'github-classic-token', 'invalid', { status: 'invalid', httpStatus: 401 }, { secret: key('gho_') }),
  c('github', 'github-fine-grained-token', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('github_pat_'), request: 'GET /github/rate_limit' }),
  c('github', 'github-installation-token', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('ghs_12345_'), request: 'GET /github/rate_limit' }),
  c('gitlab', 'gitlab-personal-token', 'ok', { status: 'live', httpStatus: 200, detail: 'scopes: api, read_user; expires 2031-06-30' }, { request: 'GET /gitlab/api/v4/personal_access_tokens/self' }),
  c('gitlab', 'gitlab-personal-token', 'expired', { status: 'invalid', httpStatus: 401, code: 'invalid_token', detail: 'expired' }),
  c('gitlab', 'gitlab-personal-token', 'revoked', { status: 'invalid', httpStatus: 401, code: 'invalid_token', detail: 'revoked' }),
  c('gitlab', 'gitlab-personal-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('gitlab', 'gitlab-personal-token', 'restricted', { status: 'live', httpStatus: 403, code: 'insufficient_scope' }),
  c('gitlab', 'gitlab-personal-token', 'blocked', { status: 'deactivated', httpStatus: 403, detail: 'the user is blocked' }),
  c('aws', 'aws-secret-access-key', 'ok', { status: 'live', httpStatus: 200, detail: 'account 123456789012' }, { secret: awsSecrets.live, partner: awsIds.live, seen: awsIds.live, request: 'POST /aws/' }),
  c('aws', 'aws-secret-access-key', 'invalid', { status: 'invalid', httpStatus: 403, code: 'InvalidClientTokenId' }, { secret: awsSecrets.invalid, partner: awsIds.invalid, seen: awsIds.invalid }),
  c('aws', 'aws-secret-access-key', 'ok', { status: 'invalid', httpStatus: 403, code: 'SignatureDoesNotMatch', detail: 'the secret does not match the key id' }, { secret: awsSecrets.wrongSecret, partner: awsIds.wrongSecret, seen: awsIds.wrongSecret }),
  c('aws', 'aws-secret-access-key', 'expired', { status: 'invalid', httpStatus: 403, code: 'ExpiredToken', detail: 'expired' }, { secret: awsSecrets.expired, partner: awsIds.expired, seen: awsIds.expired }),
  c('supabase', 'supabase-access-token', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /supabase/v1/organizations' }),
  c('supabase', 'supabase-access-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('stripe', 'stripe-secret-key', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /stripe/v1/balance' }),
  c('stripe', 'stripe-secret-key', 'invalid', { status: 'invalid', httpStatus: 401, code: 'invalid_request_error' }),
  c('stripe', 'stripe-secret-key', 'expired', { status: 'invalid', httpStatus: 401, code: 'api_key_expired', detail: 'expired' }),
  c('stripe', 'stripe-secret-key', 'restricted', { status: 'live', httpStatus: 403, code: 'invalid_request_error', detail: detail('restricted key') }),
  c('slack', 'slack-token', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('xoxb-'), request: 'POST /slack/api/auth.test' }),
  c('slack', 'slack-token', 'invalid', { status: 'invalid', httpStatus: 200, code: 'invalid_auth' }, { secret: key('xoxp-') }),
  c('slack', 'slack-token', 'revoked', { status: 'invalid', httpStatus: 200, code: 'token_revoked', detail: 'revoked' }, { secret: key('xoxb-') }),
  c('slack', 'slack-token', 'expired', { status: 'invalid', httpStatus: 200, code: 'token_expired', detail: 'expired' }, { secret: key('xoxe.xoxp-1-') }),
  c('slack', 'slack-token', 'deactivated', { status: 'deactivated', httpStatus: 200, code: 'account_inactive' }, { secret: key('xapp-1-') }),
  c('discord', 'discord-bot-token', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /discord/api/v10/users/@me' }),
  c('discord', 'discord-bot-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('discord', 'discord-webhook-url', 'ok', { status: 'live', httpStatus: 200 }, { secret: webhookUrl(hooks.live), seen: hooks.live, request: `GET /discord/api/v10/webhooks/${'4'.repeat(18)}/${hooks.live}` }),
  c('discord', 'discord-webhook-url', 'not-found', { status: 'invalid', httpStatus: 404, detail: 'unknown webhook (deleted)' }, { secret: webhookUrl(hooks.gone), seen: hooks.gone }),
  ...(() => {
    const live = telegramToken();
    return [
      c('telegram', 'telegram-bot-token', 'ok', { status: 'live', httpStatus: 200 }, { secret: live, request: `GET /telegram/bot${live}/getMe` }),
      c('telegram', 'telegram-bot-token', 'invalid', { status: 'invalid', httpStatus: 401 }, { secret: telegramToken() }),
      c('telegram', 'telegram-bot-token', 'not-found', { status: 'invalid', httpStatus: 404 }, { secret: telegramToken() }),
    ];
  })(),
  c('npm', 'npm-access-token', 'ok', { status: 'live', httpStatus: 200 }, { request: 'GET /npm/-/whoami' }),
  c('npm', 'npm-access-token', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('sendgrid', 'sendgrid-api-key', 'ok', { status: 'live', httpStatus: 200, detail: '2 scopes' }, { request: 'GET /sendgrid/v3/scopes' }),
  c('sendgrid', 'sendgrid-api-key', 'invalid', { status: 'invalid', httpStatus: 401 }),
  c('sendgrid', 'sendgrid-api-key', 'restricted', { status: 'live', httpStatus: 403 }),
  c('vercel', 'vercel-token', 'ok', { status: 'live', httpStatus: 200 }, { secret: key('vcp_'), request: 'GET /vercel/v2/user' }),
  c('vercel', 'vercel-token', 'invalid', { status: 'invalid', httpStatus: 403, code: 'forbidden' }, { secret: key('vca_') }),
  c('vercel', 'vercel-token', 'forbidden', { status: 'unknown', httpStatus: 403, code: 'forbidden' }, { secret: key('vci_') }),
  c('cloudflare', 'cloudflare-api-token', 'ok', { status: 'live', httpStatus: 200, detail: 'expires 2031-01-01' }, { secret: key('cfut_'), request: 'GET /cloudflare/client/v4/user/tokens/verify' }),
  c('cloudflare', 'cloudflare-api-token', 'deactivated', { status: 'deactivated', httpStatus: 200, detail: 'disabled' }, { secret: key('cfut_') }),
  c('cloudflare', 'cloudflare-api-token', 'expired', { status: 'invalid', httpStatus: 200, detail: 'expired' }, { secret: key('cfut_') }),
  c('cloudflare', 'cloudflare-api-token', 'invalid', { status: 'invalid', httpStatus: 401 }, { secret: key('cfut_') }),
];

/** How each probe must carry its key: the header (and scheme) the provider reads. */
const CARRIERS: Readonly<Record<string, (r: Recorded, secret: string, partner?: string) => void>> = {
  google: (r, s) => expect(r.headers['x-goog-api-key']).toBe(s),
  langsmith: (r, s) => expect(r.headers['x-api-key']).toBe(s),
  pinecone: (r, s) => {
    expect(r.headers['api-key']).toBe(s);
    expect(r.headers['x-pinecone-api-version']).toMatch(/^\d{4}-\d{2}$/);
  },
  elevenlabs: (r, s) => expect(r.headers['xi-api-key']).toBe(s),
  'azure-openai': (r, s) => expect(r.headers['api-key']).toBe(s),
  gitlab: (r, s) => expect(r.headers['private-token']).toBe(s),
  langfuse: (r, s, p) => expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`${p}:${s}`).toString('base64')}`),
  wandb: (r, s) => {
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from(`api:${s}`).toString('base64')}`);
    expect(JSON.parse(r.body)).toEqual({ query: 'query { viewer { username } }' });
  },
  discord: (r, s) => {
    if (s.startsWith('https://')) expect(r.headers.authorization).toBeUndefined();
    else expect(r.headers.authorization).toBe(`Bot ${s}`);
  },
  telegram: (r) => expect(r.headers.authorization).toBeUndefined(),
  perplexity: (r, s) => {
    expect(r.headers.authorization).toBe(`Bearer ${s}`);
    const body = JSON.parse(r.body);
    expect(body.messages).toEqual([]);
    expect(body.model).toBe('scan-keys-probe-no-such-model');
  },
  aws: (r, s, p) => {
    expect(r.headers.authorization).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=${p}/\\d{8}/us-east-1/sts/aws4_request, SignedHeaders=[a-z;-]+, Signature=[0-9a-f]{64}$`));
    expect(r.body).toBe('Action=GetCallerIdentity&Version=2011-06-15');
  },
};
const bearerCarrier = (r: Recorded, s: string) => expect(r.headers.authorization).toBe(`Bearer ${s}`);

let server: FakeProvider;
let options: ProbeKeyOptions;
const results = new Map<Case, Awaited<ReturnType<typeof probeKey>>>();
const seenKey = (k: Case) => k.seen ?? k.secret;
const requestsOf = (k: Case) => server.requests.filter((r) => r.key === seenKey(k));

beforeAll(async () => {
  server = await fakeProvider();
  for (const k of CASES) server.answer(seenKey(k), k.scenario);
  for (const [name, id] of Object.entries(awsIds)) {
    server.awsSecret(id, name === 'wrongSecret' ? awsSecret() : awsSecrets[name as keyof typeof awsSecrets]);
  }
  options = { bases: baseUrlsFrom(server.env), timeoutMs: 2_000, retryDelayMs: 1 };
  await Promise.all(CASES.map(async (k) => results.set(k, await probeKey(k.rule, k.secret, options, k.partner))));
});
afterAll(() => server.close());

describe('every probed provider, against its documented answers', () => {
  test.each(CASES.map((k) => [k.name, k] as const))('%s', (_name, k) => {
    const { result, meaning } = results.get(k)!;
    const { detail: said, ...rest } = result;
    const { detail: expectedDetail, ...expectedRest } = k.expected;
    expect(rest).toEqual(expectedRest);
    if (expectedDetail !== undefined) expect(said).toEqual(expectedDetail);
    expect(meaning.length).toBeGreaterThan(0);

    const sent = requestsOf(k);
    expect(sent).toHaveLength(k.requests ?? 1);
    for (const r of sent) {
      // Sent to its own provider's base, and to no other.
      expect(r.provider).toBe(k.provider);
      (CARRIERS[k.provider] ?? bearerCarrier)(r, k.secret, k.partner);
    }
    if (k.request) expect(`${sent[0]!.method} ${sent[0]!.path}`).toBe(k.request);
  });

  test('no request carries a key to a provider other than its own', () => {
    const byKey = new Map(CASES.map((k) => [seenKey(k), k.provider]));
    for (const r of server.requests) if (r.key !== undefined && byKey.has(r.key)) expect(r.provider).toBe(byKey.get(r.key));
  });

  test('no secret, nor a piece of one, is in any result, though servers echo keys in their messages', () => {
    const printed = JSON.stringify([...results.values()]);
    for (const k of CASES) {
      expect(printed.includes(k.secret)).toBe(false);
      expect(printed.includes(k.secret.slice(-20))).toBe(false);
    }
  });

  test('AWS: the secret access key is never sent, it only signs; the server verifies the signature with it', () => {
    const aws = server.requests.filter((r) => r.provider === 'aws');
    expect(aws.length).toBe(4);
    for (const r of aws) {
      const wire = JSON.stringify(r.headers) + r.body + r.path;
      for (const s of Object.values(awsSecrets)) expect(wire.includes(s)).toBe(false);
    }
    expect(aws.filter((r) => r.signatureValid).map((r) => r.key).sort()).toEqual([awsIds.live, awsIds.invalid, awsIds.expired].sort());
    expect(aws.find((r) => r.key === awsIds.wrongSecret)?.signatureValid).toBe(false);
  });

  test('the Telegram token travels only in the path, and no result names the URL', () => {
    const telegram = CASES.filter((k) => k.provider === 'telegram');
    for (const k of telegram) {
      const r = requestsOf(k)[0]!;
      expect(r.path).toBe(`/telegram/bot${k.secret}/getMe`);
      expect(JSON.stringify(r.headers).includes(k.secret)).toBe(false);
    }
  });
});

/** Keys that are reported but never sent: status unknown, "not probed: <why>", no request. */
const NOT_SENT: readonly { rule: string; secret: string; partner?: string; why: RegExp }[] = [
  ...Object.keys(NOT_PROBED).map((rule) => ({ rule, secret: key(), why: /./ })),
  { rule: 'github-classic-token', secret: key('ghr_'), why: /refresh token/ },
  { rule: 'slack-token', secret: key('xoxe-1-'), why: /refresh token/ },
  { rule: 'vercel-token', secret: key('vcr_'), why: /refresh token/ },
  { rule: 'cloudflare-api-token', secret: key('cfat_'), why: /account token/ },
  { rule: 'cloudflare-api-token', secret: key('cfk_'), why: /email/ },
  { rule: 'langfuse-secret-key', secret: key('sk-lf-'), why: /public key \(pk-lf-…\) was not found/ },
  { rule: 'aws-secret-access-key', secret: awsSecret(), why: /access key id was not found/ },
  { rule: 'aws-secret-access-key', secret: awsSecret(), partner: `ASIA${'Q'.repeat(16)}`, why: /session token/ },
  { rule: 'aws-secret-access-key', secret: awsSecret(), partner: awsKeyIdFor(52310077262n), why: /canarytoken \(account 052310077262\)/ },
  { rule: 'discord-webhook-url', secret: 'https://discord.com/api/webhooks/not-a-hook', why: /not a Discord webhook URL/ },
  { rule: 'telegram-bot-token', secret: 'not-a-bot-token', why: /not a bot token/ },
  { rule: 'no-such-rule', secret: key(), why: /no probe is known for no-such-rule/ },
];

describe('keys that are not probed', () => {
  test.each(NOT_SENT.map((n) => [`${n.rule} ${n.why.source}`, n] as const))('%s: unknown, "not probed", no request', async (_name, n) => {
    const before = server.requests.length;
    const { result, meaning } = await probeKey(n.rule, n.secret, options, n.partner);
    expect(result.status).toBe('unknown');
    expect(result.httpStatus).toBeUndefined();
    expect(result.detail).toMatch(/^not probed: /);
    expect(result.detail).toMatch(n.why);
    expect(meaning).toMatch(/^not asked: /);
    expect(server.requests.length).toBe(before);
  });

  test('Azure OpenAI is asked only where SCAN_KEYS_AZURE_OPENAI_BASE_URL names the resource', async () => {
    const before = server.requests.length;
    const { result } = await probeKey('azure-openai-api-key', key(), { ...options, bases: baseUrlsFrom({}) });
    expect(result).toEqual({ status: 'unknown', detail: 'not probed: no URL to ask: set SCAN_KEYS_AZURE_OPENAI_BASE_URL' });
    expect(server.requests.length).toBe(before);
  });

  test('a rule given with a provider other than its probe\'s is not sent (a key goes to its own provider only)', async () => {
    const before = server.requests.length;
    const { result } = await probeKey({ id: 'groq-api-key', provider: 'custom' }, key(), options);
    expect(result.detail).toBe('not probed: groq-api-key is a rule of custom, and its probe asks groq');
    expect(server.requests.length).toBe(before);
  });
});

describe('regions', () => {
  const withRegions = (): BaseUrls => ({ ...options.bases, langsmith: [`${server.origin}/langsmith`, `${server.origin}/langsmith-eu`] });

  test('a key the first region knows is asked there only', async () => {
    const secret = key('lsv2_pt_');
    server.answer(secret, 'ok');
    const { result } = await probeKey('langsmith-api-key', secret, { ...options, bases: withRegions() });
    expect(result).toEqual({ status: 'live', httpStatus: 200 });
    expect(server.requests.filter((r) => r.key === secret).map((r) => r.provider)).toEqual(['langsmith']);
  });

  test('invalid only when every region refuses it, and the detail says where it was asked', async () => {
    const secret = key('lsv2_pt_');
    const { result } = await probeKey('langsmith-api-key', secret, { ...options, bases: withRegions() });
    expect(result.status).toBe('invalid');
    expect(result.detail).toMatch(/^not known in any region \(127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+\)$/);
    expect(server.requests.filter((r) => r.key === secret).map((r) => r.provider)).toEqual(['langsmith', 'langsmith-eu']);
  });

  test('a key known only in the second region is live, and says so', async () => {
    const secret = key('lsv2_sk_');
    server.answer(secret, 'eu');
    const { result } = await probeKey('langsmith-api-key', secret, { ...options, bases: withRegions() });
    expect(result).toEqual({ status: 'live', httpStatus: 200, detail: expect.stringMatching(/^known at 127\.0\.0\.1:\d+$/) });
    expect(server.requests.filter((r) => r.key === secret).map((r) => r.provider)).toEqual(['langsmith', 'langsmith-eu']);
  });

  test('with SCAN_KEYS_LANGSMITH_BASE_URL set, only that base is asked', () => {
    expect(baseUrlsFrom({ SCAN_KEYS_LANGSMITH_BASE_URL: 'https://langsmith.internal.example' }).langsmith).toEqual(['https://langsmith.internal.example']);
    expect(baseUrlsFrom({}).langsmith).toEqual(['https://api.smith.langchain.com', 'https://eu.api.smith.langchain.com']);
  });
});

describe('createProber', () => {
  test('looks each rule id up, passes the paired id on, answers by fingerprint, and never throws on a rule it does not know', async () => {
    const groq = key();
    const stripe = key();
    const id = awsKeyId();
    const secret = awsSecret();
    server.answer(groq, 'ok');
    server.answer(stripe, 'invalid');
    server.answer(id, 'ok');
    server.awsSecret(id, secret);
    const rule = (ruleId: string, provider: string) => ({ id: ruleId, provider, title: ruleId, severity: 'error' as const, prefixes: [] });
    const requests: ProbeRequest[] = [
      { rule: rule('groq-api-key', 'groq'), secret: groq, fingerprint: 'f1' },
      { rule: rule('stripe-secret-key', 'stripe'), secret: stripe, fingerprint: 'f2' },
      { rule: rule('aws-secret-access-key', 'aws'), secret, fingerprint: 'f3', pairedWith: id },
      { rule: rule('private-key', 'private-key'), secret: key(), fingerprint: 'f4' },
      { rule: rule('a-custom-rule', 'custom'), secret: key(), fingerprint: 'f5' },
    ];
    const answers = await createProber({ timeoutMs: 2_000, env: server.env, retryDelayMs: 1 })(requests);
    expect(Object.fromEntries(answers)).toEqual({
      f1: { status: 'live', httpStatus: 200 },
      f2: { status: 'invalid', httpStatus: 401, code: 'invalid_request_error' },
      f3: { status: 'live', httpStatus: 200, detail: 'account 123456789012' },
      f4: { status: 'unknown', detail: expect.stringMatching(/^not probed: a private key is never sent anywhere/) },
      f5: { status: 'unknown', detail: 'not probed: no probe is known for a-custom-rule' },
    });
  });

  test('a bad base URL for any provider is a usage error before anything is sent', () => {
    expect(() => createProber({ timeoutMs: 1_000, env: { SCAN_KEYS_GROQ_BASE_URL: 'http://api.groq.example/openai/v1' } })).toThrow(
      'SCAN_KEYS_GROQ_BASE_URL must use https (http://api.groq.example is not this machine; http is allowed for 127.0.0.1, localhost and [::1] only)',
    );
  });
});

describe('the AWS account in a key id', () => {
  test('decodes the account offline, and not from legacy ids', () => {
    expect(awsAccountOf(awsKeyIdFor(123456789012n))).toBe('123456789012');
    expect(awsAccountOf(awsKeyIdFor(52310077262n))).toBe('052310077262');
    expect(awsAccountOf(`AKIAI${'Q'.repeat(15)}`)).toBeUndefined();
    expect(awsAccountOf('not an id')).toBeUndefined();
  });
});

describe('the table', () => {
  test('every built-in rule is either probed, by a probe of its own provider, or listed as not probed with a reason', () => {
    for (const rule of builtinRules) {
      const endpoint = ENDPOINTS[rule.id];
      if (endpoint) expect(endpoint.provider, rule.id).toBe(rule.provider);
      else expect(NOT_PROBED[rule.id], `${rule.id} has no probe and no reason`).toMatch(/\w/);
    }
  });

  test("the README's Live probe section names every rule of the table", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Live probe'), readme.indexOf('\n## ', readme.indexOf('## Live probe') + 1));
    for (const id of [...Object.keys(ENDPOINTS), ...Object.keys(NOT_PROBED)]) expect(section, id).toContain(`\`${id}\``);
  });

  test('every probe asks a provider that has a base URL variable, and no rule is both probed and not', () => {
    for (const [id, endpoint] of Object.entries(ENDPOINTS)) {
      expect(options.bases[endpoint.provider], id).toBeDefined();
      expect(NOT_PROBED[id], id).toBeUndefined();
    }
  });
});
