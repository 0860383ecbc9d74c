import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 that plays OpenAI (under /openai/v1) and
 * Anthropic (under /anthropic/v1). Each key gets a scenario; the server records
 * every request and how many were in flight at once.
 */
export type Scenario =
  | 'ok'
  | 'invalid'
  | 'deactivated'
  | 'forbidden'
  | 'no-quota'
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
  readonly provider: 'openai' | 'anthropic' | 'other';
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly key: string | undefined;
}

export interface FakeProvider {
  readonly origin: string;
  /** Environment that points scan-keys at this server. */
  readonly env: Record<string, string>;
  readonly requests: Recorded[];
  /** The most requests that were in flight at the same time. */
  readonly maxInFlight: () => number;
  answer(key: string, scenario: Scenario): void;
  /** Where redirects point (another host: a different host:port). */
  redirectTo: string;
  close(): Promise<void>;
}

const openaiError = (status: number, code: string | null, type: string, message: string) => ({
  status,
  body: { error: { message, type, param: null, code } },
});
const anthropicError = (status: number, type: string, message: string) => ({
  status,
  body: { type: 'error', error: { type, message } },
});

/** The error answers, with the whole key echoed in the message: scan-keys must never pass it on. */
function errorFor(scenario: Scenario, provider: 'openai' | 'anthropic', key: string) {
  const echo = `Incorrect API key provided: ${key}.`;
  const table: Partial<Record<Scenario, { status: number; body: object }>> =
    provider === 'openai'
      ? {
          invalid: openaiError(401, 'invalid_api_key', 'invalid_request_error', echo),
          deactivated: openaiError(401, 'account_deactivated', 'invalid_request_error', `deactivated ${key}`),
          forbidden: openaiError(403, 'unsupported_country_region_territory', 'request_forbidden', 'forbidden'),
          'no-quota': openaiError(429, 'insufficient_quota', 'insufficient_quota', 'quota'),
          'rate-limit': openaiError(429, 'rate_limit_exceeded', 'requests', 'slow down'),
          'server-error': openaiError(500, null, 'server_error', 'oops'),
          'not-found': openaiError(404, 'unknown_url', 'invalid_request_error', 'no such path'),
        }
      : {
          invalid: anthropicError(401, 'authentication_error', `invalid x-api-key ${key}`),
          forbidden: anthropicError(403, 'permission_error', 'forbidden'),
          'rate-limit': anthropicError(429, 'rate_limit_error', 'slow down'),
          'server-error': anthropicError(500, 'api_error', 'oops'),
          overloaded: anthropicError(529, 'overloaded_error', 'overloaded'),
          'not-found': anthropicError(404, 'not_found_error', 'not found'),
        };
  if (scenario === 'overloaded' && provider === 'openai') return { status: 529, body: {} };
  return table[scenario] ?? { status: 418, body: {} };
}

function send(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

export async function fakeProvider(): Promise<FakeProvider> {
  const scenarios = new Map<string, Scenario>();
  const requests: Recorded[] = [];
  const dropped = new Set<string>();
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let maxInFlight = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const provider = path.startsWith('/openai/') ? 'openai' : path.startsWith('/anthropic/') ? 'anthropic' : 'other';
    const auth = req.headers.authorization;
    const key = provider === 'openai' ? auth?.replace(/^Bearer /, '') : (req.headers['x-api-key'] as string | undefined);
    requests.push({ provider, path, headers: req.headers, key });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    if (provider === 'other' || key === undefined) return send(res, 400, { error: { type: 'no_key' } });
    const scenario = scenarios.get(key) ?? 'invalid';
    switch (scenario) {
      case 'ok':
        return send(res, 200, { data: [] });
      case 'slow':
        setTimeout(() => send(res, 200, { data: [] }), 300);
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
        return send(res, 200, { data: [] });
      case 'echo-code':
        return send(res, 401, openaiError(401, key.slice(0, 64), 'invalid_request_error', 'echo').body);
      case 'org-mismatch':
        if (req.headers['openai-organization'] !== undefined) {
          return send(res, 401, openaiError(401, 'mismatched_organization', 'invalid_request_error', 'org').body);
        }
        return send(res, 200, { data: [] });
      default: {
        const { status, body } = errorFor(scenario, provider, key);
        return send(res, status, body);
      }
    }
  };

  const http = createServer(handle);
  http.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const server: FakeProvider = {
    origin,
    env: {
      SCAN_KEYS_OPENAI_BASE_URL: `${origin}/openai/v1`,
      SCAN_KEYS_ANTHROPIC_BASE_URL: `${origin}/anthropic/v1`,
    },
    requests,
    maxInFlight: () => maxInFlight,
    answer: (key, scenario) => void scenarios.set(key, scenario),
    redirectTo: 'http://localhost:9',
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        http.close(() => resolve());
      }),
  };
  return server;
}
