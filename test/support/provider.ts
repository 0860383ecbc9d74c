import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import aws4 from 'aws4';
import { baseUrlVariable } from '../../src/probe/base-url.js';

/**
 * A real HTTP server on 127.0.0.1 that plays every probed provider, each under
 * a path prefix of its own (/openai/v1, /groq/openai/v1, /aws, ...), with the
 * status codes and bodies the providers document. Each key gets a scenario;
 * a request to a path or with a method the provider does not serve gets 404,
 * so a test that passes also proves where the key was sent. The server
 * records every request and how many were in flight at once.
 */
export type Scenario =
  | 'ok'
  | 'invalid'
  | 'deactivated'
  | 'forbidden'
  | 'no-quota'
  | 'expired'
  | 'revoked'
  | 'blocked'
  | 'restricted'
  /** LangSmith: a key of the EU region (the US region does not know it). */
  | 'eu'
  | 'rate-limit'
  | 'server-error'
  | 'overloaded'
  | 'not-found'
  | 'hang'
  | 'redirect'
  | 'slow'
  | 'drop-once'
  | 'org-mismatch'
  /** 401 whose error.code echoes the first 64 characters of the key. */
  | 'echo-code';

export interface Recorded {
  readonly provider: string;
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The credential as the provider reads it (Bearer token, x-api-key, Basic password, path segment, AWS key id). */
  readonly key: string | undefined;
  /** AWS: whether the SigV4 signature verifies with the secret registered for the key id. */
  readonly signatureValid?: boolean;
}

export interface FakeProvider {
  readonly origin: string;
  /** Environment that points scan-keys at this server, one SCAN_KEYS_<PROVIDER>_BASE_URL each. */
  readonly env: Record<string, string>;
  readonly requests: Recorded[];
  /** The most requests that were in flight at the same time. */
  readonly maxInFlight: () => number;
  answer(key: string, scenario: Scenario): void;
  /** AWS: the secret access key that signs for a key id (the server checks the signature with it). */
  awsSecret(keyId: string, secret: string): void;
  /** Where redirects point (another host: a different host:port). */
  redirectTo: string;
  close(): Promise<void>;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
  /** A body sent as it is (XML), instead of JSON. */
  readonly raw?: string;
}

interface Play {
  /** The base path below the origin: what SCAN_KEYS_<PROVIDER>_BASE_URL points at. */
  readonly base: string;
  /** `METHOD /path` below the base that the provider serves for the probe (several for OpenAI). */
  readonly routes: readonly string[];
  readonly key: (req: IncomingMessage, path: string) => string | undefined;
  readonly replies: (key: string) => Partial<Record<Scenario, Reply>>;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, ...(headers ? { headers } : {}) });

const fromBearer = (req: IncomingMessage) => /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
const fromHeader = (name: string) => (req: IncomingMessage) => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};
/** Basic user:password; the password is the key (W&B's `api:<key>`, Langfuse's `pk:sk`). */
const fromBasic = (req: IncomingMessage) => {
  const encoded = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded.slice(decoded.indexOf(':') + 1);
};
const fromSigV4 = (req: IncomingMessage) => /Credential=([A-Z0-9]+)\//.exec(req.headers.authorization ?? '')?.[1];

const openaiError = (status: number, code: string | null, type: string, message: string) => json(status, { error: { message, type, param: null, code } });
const anthropicError = (status: number, type: string, message: string) => json(status, { type: 'error', error: { type, message } });
const googleError = (status: number, statusText: string, reason: string, message: string) =>
  json(status, {
    error: {
      code: status,
      message,
      status: statusText,
      details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason, domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } }],
    },
  });
/** STS answers the query protocol in XML. */
const stsError = (code: string, message: string): Reply => ({
  status: 403,
  body: undefined,
  raw: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>0</RequestId></ErrorResponse>`,
  headers: { 'content-type': 'text/xml' },
});
const slackAnswer = (body: object) => json(200, body);

/** The answers of an OpenAI-compatible API (Groq, Together, Cerebras, Mistral use the same error object). */
const openaiCompatible = (key: string): Partial<Record<Scenario, Reply>> => ({
  ok: json(200, { object: 'list', data: [] }),
  invalid: openaiError(401, 'invalid_api_key', 'invalid_request_error', `Invalid API Key ${key}`),
  'rate-limit': openaiError(429, 'rate_limit_exceeded', 'requests', 'Rate limit reached'),
  'server-error': openaiError(500, null, 'server_error', 'oops'),
  forbidden: json(403, { error: { message: 'Forbidden', type: 'permission_denied' } }),
});

/** Each provider's answers, as their documentation and the scanners' tests show them. The key is echoed where a provider might. */
const PLAYS: Readonly<Record<string, Play>> = {
  openai: {
    base: '/openai/v1',
    routes: ['GET /models', 'GET /organization/admin_api_keys?limit=1'],
    key: fromBearer,
    replies: (key) => ({
      ok: json(200, { object: 'list', data: [] }),
      invalid: openaiError(401, 'invalid_api_key', 'invalid_request_error', `Incorrect API key provided: ${key}.`),
      deactivated: openaiError(401, 'account_deactivated', 'invalid_request_error', `deactivated ${key}`),
      forbidden: openaiError(403, 'unsupported_country_region_territory', 'request_forbidden', 'forbidden'),
      'no-quota': openaiError(429, 'insufficient_quota', 'insufficient_quota', 'quota'),
      'rate-limit': openaiError(429, 'rate_limit_exceeded', 'requests', 'slow down'),
      'server-error': openaiError(500, null, 'server_error', 'oops'),
      overloaded: json(529, {}),
      'not-found': openaiError(404, 'unknown_url', 'invalid_request_error', 'no such path'),
    }),
  },
  anthropic: {
    base: '/anthropic/v1',
    routes: ['GET /models', 'GET /organizations/me'],
    key: fromHeader('x-api-key'),
    replies: (key) => ({
      ok: json(200, { data: [], has_more: false }),
      invalid: anthropicError(401, 'authentication_error', `invalid x-api-key ${key}`),
      forbidden: anthropicError(403, 'permission_error', 'forbidden'),
      'rate-limit': anthropicError(429, 'rate_limit_error', 'slow down'),
      'server-error': anthropicError(500, 'api_error', 'oops'),
      overloaded: anthropicError(529, 'overloaded_error', 'overloaded'),
      'not-found': anthropicError(404, 'not_found_error', 'not found'),
    }),
  },
  google: {
    base: '/google/v1beta',
    routes: ['GET /models'],
    key: fromHeader('x-goog-api-key'),
    replies: () => ({
      ok: json(200, { models: [] }),
      invalid: googleError(400, 'INVALID_ARGUMENT', 'API_KEY_INVALID', 'API key not valid. Please pass a valid API key.'),
      expired: googleError(400, 'INVALID_ARGUMENT', 'API_KEY_EXPIRED', 'API key expired. Please renew the API key.'),
      restricted: googleError(403, 'PERMISSION_DENIED', 'API_KEY_HTTP_REFERRER_BLOCKED', 'Requests from referer <empty> are blocked.'),
      blocked: googleError(403, 'PERMISSION_DENIED', 'SERVICE_DISABLED', 'Generative Language API has not been used in project 0 before or it is disabled.'),
      'not-found': googleError(401, 'UNAUTHENTICATED', 'ACCESS_TOKEN_TYPE_UNSUPPORTED', 'Request had invalid authentication credentials.'),
    }),
  },
  groq: { base: '/groq/openai/v1', routes: ['GET /models'], key: fromBearer, replies: openaiCompatible },
  together: { base: '/together/v1', routes: ['GET /models'], key: fromBearer, replies: openaiCompatible },
  cerebras: {
    base: '/cerebras/v1',
    routes: ['GET /models'],
    key: fromBearer,
    replies: (key) => ({ ...openaiCompatible(key), invalid: json(401, { message: 'Wrong API Key', type: 'invalid_request_error', param: 'api_key', code: 'wrong_api_key' }) }),
  },
  mistral: {
    base: '/mistral/v1',
    routes: ['GET /models'],
    key: fromBearer,
    replies: (key) => ({ ...openaiCompatible(key), invalid: json(401, { message: 'Unauthorized', request_id: '0' }) }),
  },
  openrouter: {
    base: '/openrouter/api/v1',
    routes: ['GET /key'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { data: { label: 'sk-or-v1-…', limit: 10, usage: 2.5, limit_remaining: 7.5, is_free_tier: false, rate_limit: { requests: 10, interval: '10s' } } }),
      'no-quota': json(200, { data: { label: 'sk-or-v1-…', limit: 10, usage: 10, limit_remaining: 0, is_free_tier: true } }),
      invalid: json(401, { error: { message: 'No auth credentials found', code: 401 } }),
    }),
  },
  huggingface: {
    base: '/huggingface/api',
    routes: ['GET /whoami-v2'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { type: 'user', name: 'someone', auth: { type: 'access_token', accessToken: { displayName: 'ci', role: 'write' } } }),
      invalid: json(401, { error: 'Invalid credentials in Authorization header' }),
      expired: json(401, { error: 'Invalid credentials in Authorization header: token expired' }),
    }),
  },
  langsmith: {
    base: '/langsmith',
    routes: ['GET /api/v1/api-key/current', 'GET /api/v1/orgs/current'],
    key: fromHeader('x-api-key'),
    replies: () => ({
      ok: json(200, { id: '0', display_name: 'org' }),
      invalid: json(401, { detail: 'Invalid token' }),
      eu: json(401, { detail: 'Invalid token' }),
      forbidden: json(403, { detail: 'Forbidden' }),
    }),
  },
  'langsmith-eu': {
    base: '/langsmith-eu',
    routes: ['GET /api/v1/api-key/current', 'GET /api/v1/orgs/current'],
    key: fromHeader('x-api-key'),
    replies: () => ({ ok: json(200, { id: '0' }), eu: json(200, { id: '0' }), invalid: json(401, { detail: 'Invalid token' }) }),
  },
  xai: {
    base: '/xai/v1',
    routes: ['GET /api-key'],
    key: fromBearer,
    replies: () => {
      const key = { redacted_api_key: 'xai-…', user_id: '0', name: 'ci', team_id: '0', acls: ['api-key:model:*'], api_key_id: '0' };
      return {
        ok: json(200, { ...key, team_blocked: false, api_key_blocked: false, api_key_disabled: false }),
        blocked: json(200, { ...key, team_blocked: true, api_key_blocked: false, api_key_disabled: true }),
        invalid: json(400, { code: 'Client specified an invalid argument', error: 'Incorrect API key provided: xa***. You can obtain an API key from https://console.x.ai.' }),
      };
    },
  },
  tavily: {
    base: '/tavily',
    routes: ['GET /usage'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { key: { usage: 150, limit: null }, account: { current_plan: 'Researcher', plan_usage: 150, plan_limit: 1000 } }),
      'no-quota': json(200, { key: { usage: 1000, limit: 1000 }, account: { current_plan: 'Researcher', plan_usage: 1000, plan_limit: 1000 } }),
      invalid: json(401, { detail: { error: 'Unauthorized: missing or invalid API key.' } }),
    }),
  },
  pinecone: {
    base: '/pinecone',
    routes: ['GET /indexes'],
    key: fromHeader('api-key'),
    replies: () => ({
      ok: json(200, { indexes: [] }),
      invalid: json(401, { error: { code: 'UNAUTHENTICATED', message: 'Invalid API Key' }, status: 401 }),
      restricted: json(403, { error: { code: 'FORBIDDEN', message: 'Forbidden' }, status: 403 }),
    }),
  },
  replicate: {
    base: '/replicate/v1',
    routes: ['GET /account'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { type: 'user', username: 'someone', name: 'Someone' }),
      invalid: json(401, { title: 'Unauthenticated', detail: 'You did not pass a valid authentication token', status: 401 }),
    }),
  },
  perplexity: {
    base: '/perplexity',
    routes: ['POST /chat/completions'],
    key: fromBearer,
    replies: () => ({
      ok: json(400, { error: { message: "Invalid model 'scan-keys-probe-no-such-model'.", type: 'invalid_model', code: 400 } }),
      invalid: { status: 401, body: undefined, raw: '<html><center><h1>401 Authorization Required</h1></center></html>', headers: { 'content-type': 'text/html' } },
    }),
  },
  elevenlabs: {
    base: '/elevenlabs/v1',
    routes: ['GET /user'],
    key: fromHeader('xi-api-key'),
    replies: () => ({
      ok: json(200, { user_id: '0', subscription: { tier: 'starter', character_count: 1200, character_limit: 30000 } }),
      'no-quota': json(200, { user_id: '0', subscription: { tier: 'free', character_count: 10000, character_limit: 10000 } }),
      restricted: json(401, { detail: { status: 'missing_permissions', message: 'The API key you used is missing the permission user_read to execute this operation.' } }),
      blocked: json(401, { detail: { status: 'detected_unusual_activity', message: 'Unusual activity detected. Free Tier usage disabled.' } }),
      invalid: json(401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } }),
    }),
  },
  firecrawl: {
    base: '/firecrawl/v1',
    routes: ['GET /crawl/active'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { success: true, crawls: [] }),
      invalid: json(401, { success: false, error: 'Unauthorized: Invalid token' }),
      'no-quota': json(402, { success: false, error: 'Payment required: insufficient credits' }),
    }),
  },
  langfuse: {
    base: '/langfuse',
    routes: ['GET /api/public/projects'],
    key: fromBasic,
    replies: () => ({ ok: json(200, { data: [{ id: '0', name: 'project' }] }), invalid: json(401, { message: 'Invalid credentials' }) }),
  },
  wandb: {
    base: '/wandb',
    routes: ['POST /graphql'],
    key: fromBasic,
    replies: () => ({ ok: json(200, { data: { viewer: { username: 'someone' } } }), invalid: json(401, { errors: [{ message: 'user is not logged in' }] }) }),
  },
  deepseek: {
    base: '/deepseek',
    routes: ['GET /user/balance'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }] }),
      'no-quota': json(200, { is_available: false, balance_infos: [{ currency: 'USD', total_balance: '0.00', granted_balance: '0.00', topped_up_balance: '0.00' }] }),
      invalid: json(401, { error: { message: 'Authentication Fails (no such user)', type: 'authentication_error', param: null, code: 'invalid_request_error' } }),
    }),
  },
  cohere: {
    base: '/cohere/v1',
    routes: ['POST /check-api-key'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { valid: true, organization_id: '0', owner_id: '0' }),
      revoked: json(200, { valid: false }),
      invalid: json(401, { message: 'invalid api token' }),
    }),
  },
  'azure-openai': {
    base: '/azure-openai',
    routes: ['GET /openai/models?api-version=2024-10-21'],
    key: fromHeader('api-key'),
    replies: () => ({
      ok: json(200, { data: [], object: 'list' }),
      invalid: json(401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } }),
    }),
  },
  github: {
    base: '/github',
    routes: ['GET /rate_limit'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { resources: {}, rate: { limit: 5000, remaining: 4999 } }, { 'x-oauth-scopes': 'repo, read:org', 'github-authentication-token-expiration': '2031-01-02 03:04:05 UTC' }),
      invalid: json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }),
    }),
  },
  gitlab: {
    base: '/gitlab/api/v4',
    routes: ['GET /personal_access_tokens/self'],
    key: fromHeader('private-token'),
    replies: () => ({
      ok: json(200, { id: 1, name: 'ci', revoked: false, created_at: '2030-01-01T00:00:00.000Z', scopes: ['api', 'read_user'], user_id: 1, active: true, expires_at: '2031-06-30' }),
      expired: json(401, { error: 'invalid_token', error_description: 'Token has expired.' }),
      revoked: json(401, { error: 'invalid_token', error_description: 'Token was revoked. You have to re-authorize from the user.' }),
      invalid: json(401, { message: '401 Unauthorized' }),
      restricted: json(403, { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'read_api' }),
      blocked: json(403, { message: '403 Forbidden - Your account has been blocked.' }),
    }),
  },
  aws: {
    base: '/aws',
    routes: ['POST /'],
    key: fromSigV4,
    replies: () => ({
      ok: {
        status: 200,
        body: undefined,
        raw: '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn><UserId>AIDA0</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>',
        headers: { 'content-type': 'text/xml' },
      },
      invalid: stsError('InvalidClientTokenId', 'The security token included in the request is invalid.'),
      revoked: stsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'),
      expired: stsError('ExpiredToken', 'The security token included in the request is expired'),
    }),
  },
  supabase: {
    base: '/supabase',
    routes: ['GET /v1/organizations'],
    key: fromBearer,
    replies: () => ({ ok: json(200, [{ id: '0', name: 'org' }]), invalid: json(401, { message: 'Unauthorized' }) }),
  },
  stripe: {
    base: '/stripe/v1',
    routes: ['GET /balance'],
    key: fromBearer,
    replies: (key) => ({
      ok: json(200, { object: 'balance', available: [{ amount: 0, currency: 'usd' }], livemode: true }),
      invalid: json(401, { error: { message: `Invalid API Key provided: ${key}`, type: 'invalid_request_error' } }),
      expired: json(401, { error: { code: 'api_key_expired', message: 'Expired API Key provided', type: 'invalid_request_error' } }),
      restricted: json(403, { error: { message: "The provided key does not have the required permissions for this endpoint. Having the 'rak_balance_read' permission would allow this request to continue.", type: 'invalid_request_error' } }),
    }),
  },
  slack: {
    base: '/slack/api',
    routes: ['POST /auth.test'],
    key: fromBearer,
    replies: () => ({
      ok: slackAnswer({ ok: true, url: 'https://example.slack.com/', team: 'Team', user: 'bot', team_id: 'T0', user_id: 'U0' }),
      invalid: slackAnswer({ ok: false, error: 'invalid_auth' }),
      revoked: slackAnswer({ ok: false, error: 'token_revoked' }),
      expired: slackAnswer({ ok: false, error: 'token_expired' }),
      deactivated: slackAnswer({ ok: false, error: 'account_inactive' }),
    }),
  },
  discord: {
    base: '/discord/api/v10',
    routes: ['GET /users/@me', 'GET /webhooks/*'],
    key: (req, path) => /^\/webhooks\/[0-9]+\/([A-Za-z0-9_-]+)$/.exec(path)?.[1] ?? /^Bot (.+)$/.exec(req.headers.authorization ?? '')?.[1],
    replies: () => ({
      ok: json(200, { id: '0', username: 'bot', bot: true }),
      invalid: json(401, { message: '401: Unauthorized', code: 0 }),
      'not-found': json(404, { message: 'Unknown Webhook', code: 10015 }),
    }),
  },
  telegram: {
    base: '/telegram',
    routes: ['GET /bot*/getMe'],
    key: (_req, path) => /^\/bot([^/]+)\/getMe$/.exec(path)?.[1],
    replies: () => ({
      ok: json(200, { ok: true, result: { id: 1, is_bot: true, first_name: 'bot', username: 'a_bot' } }),
      invalid: json(401, { ok: false, error_code: 401, description: 'Unauthorized' }),
      'not-found': json(404, { ok: false, error_code: 404, description: 'Not Found' }),
    }),
  },
  npm: {
    base: '/npm',
    routes: ['GET /-/whoami'],
    key: fromBearer,
    replies: () => ({ ok: json(200, { username: 'someone' }), invalid: json(401, { error: 'You must be logged in to use whoami' }) }),
  },
  sendgrid: {
    base: '/sendgrid/v3',
    routes: ['GET /scopes'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { scopes: ['mail.send', 'alerts.read'] }),
      invalid: json(401, { errors: [{ field: null, message: 'authorization required' }] }),
      restricted: json(403, { errors: [{ field: null, message: 'access forbidden' }] }),
    }),
  },
  vercel: {
    base: '/vercel',
    routes: ['GET /v2/user'],
    key: fromBearer,
    replies: () => ({
      ok: json(200, { user: { id: '0', username: 'someone' } }),
      invalid: json(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }),
      forbidden: json(403, { error: { code: 'forbidden', message: 'You do not have permission to access this resource.' } }),
    }),
  },
  cloudflare: {
    base: '/cloudflare/client/v4',
    routes: ['GET /user/tokens/verify'],
    key: fromBearer,
    replies: () => {
      const verify = (status: string) => json(200, { result: { id: '0', status, expires_on: '2031-01-01T00:00:00Z' }, success: true, errors: [], messages: [] });
      return {
        ok: verify('active'),
        deactivated: verify('disabled'),
        expired: verify('expired'),
        invalid: json(401, { success: false, errors: [{ code: 1000, message: 'Invalid API Token' }], messages: [], result: null }),
      };
    },
  },
};

/** `METHOD /path` against a route; `*` stands for one or more characters. */
function routeFits(route: string, method: string, path: string): boolean {
  const [m, p] = route.split(' ') as [string, string];
  if (m !== method) return false;
  if (!p.includes('*')) return p === path;
  const [head, tail] = p.split('*') as [string, string];
  return path.length > head.length + tail.length && path.startsWith(head) && path.endsWith(tail);
}

/** Which provider a path is under: the longest base that prefixes it. */
function playFor(path: string): [string, Play, string] | undefined {
  let best: [string, Play, string] | undefined;
  for (const [name, play] of Object.entries(PLAYS)) {
    if (path.startsWith(`${play.base}/`) && (!best || play.base.length > best[1].base.length)) best = [name, play, path.slice(play.base.length)];
  }
  return best;
}

function reply(res: ServerResponse, r: Reply) {
  res.writeHead(r.status, { 'content-type': 'application/json', ...r.headers });
  res.end(r.raw ?? (r.body === undefined ? '' : JSON.stringify(r.body)));
}

/** Recomputes the SigV4 signature with the secret the test registered: only a request signed with it verifies. */
function sigV4Valid(req: IncomingMessage, url: string, body: string, secret: string | undefined): boolean {
  if (secret === undefined) return false;
  const keyId = fromSigV4(req);
  const names = /SignedHeaders=([a-z0-9;-]+)/.exec(req.headers.authorization ?? '')?.[1]?.split(';') ?? [];
  if (!keyId || !names.includes('host') || !names.includes('x-amz-date')) return false;
  const headers = Object.fromEntries(names.filter((n) => n !== 'host').map((n) => [n, String(req.headers[n] ?? '')]));
  const signed = aws4.sign(
    { host: req.headers.host, path: url, method: req.method, service: 'sts', region: 'us-east-1', body, headers },
    { accessKeyId: keyId, secretAccessKey: secret },
  );
  return signed.headers?.Authorization === req.headers.authorization;
}

export async function fakeProvider(): Promise<FakeProvider> {
  const scenarios = new Map<string, Scenario>();
  const awsSecrets = new Map<string, string>();
  const requests: Recorded[] = [];
  const dropped = new Set<string>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const found = playFor(url);
    const [provider, play, path] = found ?? ['other', undefined, url];
    const key = play?.key(req, path);
    const signatureValid = provider === 'aws' ? sigV4Valid(req, url, body, awsSecrets.get(key ?? '')) : undefined;
    requests.push({ provider, method, path: url, headers: req.headers, body, key, ...(signatureValid !== undefined ? { signatureValid } : {}) });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    // Under no provider's base (a base URL set without its /v1): 404, as the providers answer an unknown URL.
    if (!play) return reply(res, json(404, { error: { message: `Invalid URL (${method} ${url})`, type: 'invalid_request_error', code: null } }));
    if (key === undefined) return reply(res, json(400, { error: { type: 'no_key' } }));
    if (!play.routes.some((r) => routeFits(r, method, path))) return reply(res, json(404, { error: { type: 'no_such_route' } }));
    // A signature that does not verify is what STS says it is, whatever the scenario.
    if (signatureValid === false) return reply(res, play.replies(key).revoked!);
    const scenario = scenarios.get(key) ?? 'invalid';
    const ok = () => play.replies(key).ok!;
    switch (scenario) {
      case 'slow':
        setTimeout(() => reply(res, ok()), 300);
        return;
      case 'hang':
        return; // never answers; the socket is destroyed at close()
      case 'redirect':
        res.writeHead(302, { location: `${server.redirectTo}/v1/models` });
        res.end();
        return;
      case 'drop-once':
        if (!dropped.has(key)) {
          dropped.add(key);
          req.socket.destroy();
          return;
        }
        return reply(res, ok());
      case 'echo-code':
        return reply(res, openaiError(401, key.slice(0, 64), 'invalid_request_error', 'echo'));
      case 'org-mismatch':
        if (req.headers['openai-organization'] !== undefined) {
          return reply(res, openaiError(401, 'mismatched_organization', 'invalid_request_error', 'org'));
        }
        return reply(res, ok());
      default:
        return reply(res, play.replies(key)[scenario] ?? json(418, {}));
    }
  };

  const http = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const env = Object.fromEntries(
    Object.entries(PLAYS)
      .filter(([name]) => !name.endsWith('-eu'))
      .map(([name, play]) => [baseUrlVariable(name), `${origin}${play.base}`]),
  );
  const server: FakeProvider = {
    origin,
    env,
    requests,
    maxInFlight: () => maxInFlight,
    answer: (key, scenario) => void scenarios.set(key, scenario),
    awsSecret: (keyId, secret) => void awsSecrets.set(keyId, secret),
    redirectTo: 'http://localhost:9',
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close(() => resolve());
      }),
  };
  return server;
}
