import aws4 from 'aws4';
import type { BaseUrls, Provider } from './base-url.js';
import type { ProbeHttpRequest } from './request.js';

export type { Provider } from './base-url.js';

/** The key to ask about, and the identifier found with it (an AWS key id, a Langfuse public key). */
export interface ProbeKey {
  readonly secret: string;
  readonly partner?: string;
}

/**
 * A request that tells whether a key is live without spending anything:
 * read-only, and a POST only where the provider's cheapest check is one that
 * creates, posts and bills nothing (Slack auth.test, Cohere check-api-key).
 */
export interface Endpoint {
  readonly provider: Provider;
  readonly method?: 'GET' | 'POST';
  /** Path below the provider's base URL; a function where the key goes in the path (Telegram). */
  readonly path: string | ((secret: string) => string);
  /** The headers that carry the key, and any the provider requires. */
  readonly headers: (secret: string, partner?: string) => Record<string, string>;
  /** A fixed body of our own, never holding the key. */
  readonly body?: string;
  /** Why this key of the rule is not asked, when it is not (a refresh token, a key id without its session token...). */
  readonly skip?: (key: ProbeKey) => string | undefined;
  /** Signs the request when the key is not sent but signs it (AWS SigV4). */
  readonly sign?: (request: ProbeHttpRequest, key: ProbeKey) => ProbeHttpRequest;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
const openaiHeaders = bearer;
const anthropicHeaders = (secret: string) => ({ 'x-api-key': secret, 'anthropic-version': '2023-06-01' });
const get = (provider: Provider, path: string, headers: Endpoint['headers'] = bearer): Endpoint => ({ provider, path, headers });

const openaiModels = get('openai', '/models', openaiHeaders);
const anthropicModels = get('anthropic', '/models', anthropicHeaders);
/** Gemini takes the key in a header too: a key in a URL ends up in proxy logs. */
const geminiModels = get('google', '/models', (secret) => ({ 'x-goog-api-key': secret }));
const wandbViewer: Endpoint = {
  provider: 'wandb',
  method: 'POST',
  path: '/graphql',
  headers: (secret) => ({ ...basic('api', secret), 'content-type': 'application/json' }),
  body: JSON.stringify({ query: 'query { viewer { username } }' }),
};

/** Refresh tokens prove themselves only when exchanged, and an exchange rotates them: never done. */
const REFRESH = 'a refresh token is checked only by exchanging it, which rotates it';
const refreshToken = (prefix: string) => (key: ProbeKey) => (key.secret.startsWith(prefix) ? `${REFRESH} (${prefix}…)` : undefined);

// ---- AWS ----------------------------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The account an access key id belongs to, decoded offline (Tal Beery's
 * finding): the 10 bytes after the 4-letter prefix, base32, hold it in bits
 * 7 to 46 of their first 6 bytes. Ids from before 2019 (AKIAI…, AKIAJ…) do not.
 */
export function awsAccountOf(keyId: string): string | undefined {
  if (!/^A[A-Z]{3}[A-Z2-7]{16}$/.test(keyId) || keyId[4] === 'I' || keyId[4] === 'J') return undefined;
  let bits = 0n;
  for (const ch of keyId.slice(4)) bits = (bits << 5n) | BigInt(BASE32.indexOf(ch));
  const first6 = bits >> 32n; // 80 bits, of which the first 48
  return ((first6 & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

/**
 * The AWS accounts of canarytokens.org (Thinkst) and of its look-alikes, as
 * trufflehog lists them: a key of these is a tripwire, and any AWS call made
 * with it tells whoever planted it. Such a key is reported, never asked.
 */
const CANARY_ACCOUNTS = new Set([
  '052310077262', '171436882533', '534261010715', '595918472158', '717712589309', '819147034852', '992382622183', '730335385048',
  '266735846894', '893192397702', '044858866125', '251535659677', '344043088457', '351906852752', '390477818340', '426127672474',
  '427150556519', '439872796651', '445142720921', '465867158099', '637958123769', '693412236332', '732624840810', '735421457923',
  '959235150393', '982842642351',
]);

function awsSkip({ partner }: ProbeKey): string | undefined {
  if (partner === undefined) return 'its access key id was not found beside it, and STS needs both to sign';
  if (partner.startsWith('ASIA')) return 'a temporary key (ASIA…) also needs its session token, which is not found with it';
  if (!/^AKIA[A-Z2-7]{16}$/.test(partner)) return 'its access key id is not of a shape STS takes';
  const account = awsAccountOf(partner);
  if (account !== undefined && CANARY_ACCOUNTS.has(account)) return `a canarytoken (account ${account}): any AWS call with it alerts whoever planted it`;
  return undefined;
}

/**
 * SigV4 with `aws4`: the secret signs the request and is never sent; the
 * key id goes in the Authorization header. Host is signed as the URL's host,
 * which fetch sends, so it is not set by hand.
 */
function awsSign(request: ProbeHttpRequest, key: ProbeKey): ProbeHttpRequest {
  const url = new URL(request.url);
  const signed = aws4.sign(
    {
      host: url.host,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      service: 'sts',
      region: 'us-east-1',
      headers: { ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
    },
    // Given explicitly: aws4 would otherwise read the user's own AWS_* variables.
    { accessKeyId: key.partner ?? '', secretAccessKey: key.secret },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers ?? {})) {
    if (name.toLowerCase() !== 'host' && value !== undefined) headers[name.toLowerCase()] = String(value);
  }
  return { ...request, headers };
}

const stsGetCallerIdentity: Endpoint = {
  provider: 'aws',
  method: 'POST',
  path: '/',
  // STS answers the query protocol in XML; GetCallerIdentity needs no permission at all.
  headers: () => ({ accept: 'text/xml', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }),
  body: 'Action=GetCallerIdentity&Version=2011-06-15',
  skip: awsSkip,
  sign: awsSign,
};

// ---- the table ----------------------------------------------------------------------------------

/**
 * Which request probes a key, by rule id. Admin keys cannot list models, so
 * they are asked an admin question instead.
 */
export const ENDPOINTS: Readonly<Record<string, Endpoint>> = {
  'openai-project-key': openaiModels,
  'openai-service-account-key': openaiModels,
  'openai-legacy-key': openaiModels,
  'openai-named-key': openaiModels,
  'openai-admin-key': get('openai', '/organization/admin_api_keys?limit=1', openaiHeaders),
  'anthropic-api-key': anthropicModels,
  'anthropic-admin-key': get('anthropic', '/organizations/me', anthropicHeaders),
  'google-api-key': geminiModels,
  'google-gemini-auth-key': geminiModels,
  'groq-api-key': get('groq', '/models'),
  'openrouter-api-key': get('openrouter', '/key'),
  'huggingface-token': get('huggingface', '/whoami-v2'),
  // Personal tokens can read themselves; service keys read their organization.
  'langsmith-api-key': {
    provider: 'langsmith',
    path: (secret) => (secret.startsWith('lsv2_sk_') ? '/api/v1/orgs/current' : '/api/v1/api-key/current'),
    headers: (secret) => ({ 'x-api-key': secret }),
  },
  'xai-api-key': get('xai', '/api-key'),
  'tavily-api-key': get('tavily', '/usage'),
  'pinecone-api-key': get('pinecone', '/indexes', (secret) => ({ 'api-key': secret, 'x-pinecone-api-version': '2025-10' })),
  'replicate-api-token': get('replicate', '/account'),
  'perplexity-api-key': {
    provider: 'perplexity',
    method: 'POST',
    path: '/chat/completions',
    headers: (secret) => ({ ...bearer(secret), 'content-type': 'application/json' }),
    // A model that does not exist and no messages: refused twice over, so never a billed completion.
    body: JSON.stringify({ model: 'scan-keys-probe-no-such-model', messages: [], max_tokens: 1 }),
  },
  'together-api-key': get('together', '/models'),
  'cerebras-api-key': get('cerebras', '/models'),
  'elevenlabs-api-key': get('elevenlabs', '/user', (secret) => ({ 'xi-api-key': secret })),
  'firecrawl-api-key': get('firecrawl', '/crawl/active'),
  'langfuse-secret-key': {
    provider: 'langfuse',
    path: '/api/public/projects',
    headers: (secret, partner) => basic(partner ?? '', secret),
    skip: ({ partner }) => (partner === undefined ? 'its public key (pk-lf-…) was not found beside it, and Langfuse needs both' : undefined),
  },
  'wandb-api-key': wandbViewer,
  'wandb-legacy-api-key': wandbViewer,
  'deepseek-api-key': get('deepseek', '/user/balance'),
  'mistral-api-key': get('mistral', '/models'),
  'cohere-api-key': { provider: 'cohere', method: 'POST', path: '/check-api-key', headers: bearer },
  // Asked only where SCAN_KEYS_AZURE_OPENAI_BASE_URL names the resource: each has its own host.
  'azure-openai-api-key': get('azure-openai', '/openai/models?api-version=2024-10-21', (secret) => ({ 'api-key': secret })),
  // /rate_limit takes every kind of token (an installation token gets 403 on /user) and costs no rate limit.
  'github-classic-token': {
    ...get('github', '/rate_limit', (secret) => ({ ...bearer(secret), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' })),
    skip: refreshToken('ghr_'),
  },
  'github-fine-grained-token': get('github', '/rate_limit', (secret) => ({ ...bearer(secret), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' })),
  'github-installation-token': get('github', '/rate_limit', (secret) => ({ ...bearer(secret), accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' })),
  'gitlab-personal-token': get('gitlab', '/personal_access_tokens/self', (secret) => ({ 'private-token': secret })),
  'aws-secret-access-key': stsGetCallerIdentity,
  'supabase-access-token': get('supabase', '/v1/organizations'),
  'stripe-secret-key': get('stripe', '/balance'),
  'slack-token': {
    provider: 'slack',
    method: 'POST',
    path: '/auth.test',
    headers: (secret) => ({ ...bearer(secret), 'content-type': 'application/x-www-form-urlencoded' }),
    body: '',
    skip: refreshToken('xoxe-'),
  },
  'discord-bot-token': get('discord', '/users/@me', (secret) => ({ authorization: `Bot ${secret}` })),
  // GET on a webhook reads it (Discord's "Get Webhook with Token"); it never posts. Asked at Discord's API whatever host the URL names.
  'discord-webhook-url': {
    provider: 'discord',
    path: (secret) => {
      const [, id, token] = /\/api\/webhooks\/([0-9]{17,20})\/([A-Za-z0-9_-]{60,80})$/.exec(secret) ?? [];
      return `/webhooks/${id}/${token}`;
    },
    headers: () => ({}),
    skip: ({ secret }) => (/^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,80}$/.test(secret) ? undefined : 'not a Discord webhook URL'),
  },
  // Telegram takes the token only in the path: this URL is itself a secret, never printed.
  'telegram-bot-token': {
    provider: 'telegram',
    path: (secret) => `/bot${secret}/getMe`,
    headers: () => ({}),
    skip: ({ secret }) => (/^[0-9]{8,10}:[A-Za-z0-9_-]{35}$/.test(secret) ? undefined : 'not a bot token'),
  },
  'npm-access-token': get('npm', '/-/whoami'),
  'sendgrid-api-key': get('sendgrid', '/scopes'),
  'vercel-token': { ...get('vercel', '/v2/user'), skip: refreshToken('vcr_') },
  'cloudflare-api-token': {
    ...get('cloudflare', '/user/tokens/verify'),
    skip: ({ secret }) =>
      secret.startsWith('cfat_')
        ? 'an account token (cfat_…) is verified under its account, whose id is not found with it'
        : secret.startsWith('cfk_')
          ? "the global key (cfk_…) is checked only with its account's email, which is not found with it"
          : undefined,
  },
};

/** Rules whose keys are never sent anywhere, and why. Their findings say `unknown`, "not probed: <why>". */
export const NOT_PROBED: Readonly<Record<string, string>> = {
  'anthropic-oauth-token': 'an OAuth token has no free check (an access token only a billed request, a refresh token only an exchange, which rotates it)',
  'google-service-account-key': 'checking it means signing in with its private key to mint an access token',
  'aws-access-key-id': 'a key id alone is no credential: its secret access key is needed to sign a request',
  'langfuse-public-key': 'a public key alone is no credential: its secret key (sk-lf-) goes with it',
  'aws-bedrock-api-key': 'no free read-only check is known for Bedrock API keys',
  'private-key': 'a private key is never sent anywhere: checking it would mean logging in with it',
  'database-url': 'checking it would mean connecting to the database',
  'supabase-secret-key': "a project key is checked only at its project's URL, which is not found with it",
  'supabase-service-role-key': "a project key is checked only at its project's URL, and asking there reads the project's data API",
  'slack-webhook-url': 'checking a webhook means posting to it',
  'vercel-ai-gateway-key': 'the only check known is a billed completion',
};

/** The URL of a probe below the base it is asked at (the first, unless said). */
export const endpointUrl = (endpoint: Endpoint, bases: BaseUrls, secret = '', base = bases[endpoint.provider][0] ?? ''): string =>
  `${base}${typeof endpoint.path === 'string' ? endpoint.path : endpoint.path(secret)}`;

/** The whole request for a key, at one base, signed where the provider signs. */
export function requestFor(endpoint: Endpoint, base: string, key: ProbeKey): ProbeHttpRequest {
  const request: ProbeHttpRequest = {
    url: `${base}${typeof endpoint.path === 'string' ? endpoint.path : endpoint.path(key.secret)}`,
    method: endpoint.method ?? 'GET',
    headers: endpoint.headers(key.secret, key.partner),
    ...(endpoint.body !== undefined ? { body: endpoint.body } : {}),
  };
  return endpoint.sign ? endpoint.sign(request, key) : request;
}
