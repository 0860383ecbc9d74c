import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { fakeProvider, type FakeProvider, type Scenario } from '../support/provider.js';
import { tempDir, tempRepo } from '../support/repo.js';

/** Keys built at run time, each answered by the local server with its scenario. */
const cases: { name: string; key: string; scenario: Scenario; expected: object; requests: number }[] = [
  { name: 'openai 200', key: fake.openaiProject(201), scenario: 'ok', expected: { status: 'live', httpStatus: 200 }, requests: 1 },
  { name: 'openai 401 invalid_api_key', key: fake.openaiProject(202), scenario: 'invalid', expected: { status: 'invalid', httpStatus: 401, code: 'invalid_api_key' }, requests: 1 },
  { name: 'openai 401 account_deactivated', key: fake.openaiProject(203), scenario: 'deactivated', expected: { status: 'deactivated', httpStatus: 401, code: 'account_deactivated' }, requests: 1 },
  { name: 'openai 403', key: fake.openaiProject(204), scenario: 'forbidden', expected: { status: 'live', httpStatus: 403 }, requests: 1 },
  { name: 'openai 429 insufficient_quota', key: fake.openaiProject(205), scenario: 'no-quota', expected: { status: 'live_no_quota', httpStatus: 429, code: 'insufficient_quota' }, requests: 1 },
  { name: 'openai 429 rate_limit_exceeded, retried once', key: fake.openaiProject(206), scenario: 'rate-limit', expected: { status: 'live', httpStatus: 429, code: 'rate_limit_exceeded' }, requests: 2 },
  { name: 'openai 500, retried once', key: fake.openaiProject(207), scenario: 'server-error', expected: { status: 'unknown', httpStatus: 500 }, requests: 2 },
  { name: 'openai 529, retried once', key: fake.openaiProject(208), scenario: 'overloaded', expected: { status: 'unknown', httpStatus: 529 }, requests: 2 },
  { name: 'openai hang past the timeout', key: fake.openaiProject(209), scenario: 'hang', expected: { status: 'unknown', detail: expect.stringContaining('timeout') }, requests: 1 },
  { name: 'openai redirect to another host', key: fake.openaiProject(210), scenario: 'redirect', expected: { status: 'unknown', httpStatus: 302, detail: expect.stringContaining('another host') }, requests: 1 },
  { name: 'openai network error then 200', key: fake.openaiProject(211), scenario: 'drop-once', expected: { status: 'live', httpStatus: 200 }, requests: 2 },
  { name: 'openai legacy key 200', key: fake.openaiLegacy(230), scenario: 'ok', expected: { status: 'live', httpStatus: 200 }, requests: 1 },
  { name: 'openai service account 401', key: fake.openaiServiceAccount(231), scenario: 'invalid', expected: { status: 'invalid', httpStatus: 401 }, requests: 1 },
  { name: 'openai admin 200', key: fake.openaiAdmin(220), scenario: 'ok', expected: { status: 'live', httpStatus: 200 }, requests: 1 },
  { name: 'anthropic 200', key: fake.anthropic(240), scenario: 'ok', expected: { status: 'live', httpStatus: 200 }, requests: 1 },
  { name: 'anthropic 401 authentication_error', key: fake.anthropic(241), scenario: 'invalid', expected: { status: 'invalid', httpStatus: 401, code: 'authentication_error' }, requests: 1 },
  { name: 'anthropic 404', key: fake.anthropic(242), scenario: 'not-found', expected: { status: 'invalid', httpStatus: 404 }, requests: 1 },
  { name: 'anthropic 403', key: fake.anthropic(243), scenario: 'forbidden', expected: { status: 'live', httpStatus: 403, code: 'permission_error' }, requests: 1 },
  { name: 'anthropic 429 rate limit, retried once', key: fake.anthropic(244), scenario: 'rate-limit', expected: { status: 'live', httpStatus: 429, code: 'rate_limit_error' }, requests: 2 },
  { name: 'anthropic 529, retried once', key: fake.anthropic(245), scenario: 'overloaded', expected: { status: 'unknown', httpStatus: 529, code: 'overloaded_error' }, requests: 2 },
  { name: 'anthropic admin 200', key: fake.anthropicAdmin(250), scenario: 'ok', expected: { status: 'live', httpStatus: 200 }, requests: 1 },
];
const allKeys = cases.map((c) => c.key);

/** Neither a whole key nor a long piece of one may appear in what scan-keys prints. */
function expectNoKey(run: CliRun, keys: readonly string[] = allKeys) {
  const printed = run.stdout + run.stderr;
  for (const [i, key] of keys.entries()) {
    expect(printed.includes(key), `key ${i} printed whole`).toBe(false);
    expect(printed.includes(key.slice(20, 50)), `a piece of key ${i} printed`).toBe(false);
  }
}

let server: FakeProvider;
let elsewhere: FakeProvider;
let dir: string;

beforeAll(async () => {
  server = await fakeProvider();
  elsewhere = await fakeProvider();
  server.redirectTo = elsewhere.origin.replace('127.0.0.1', 'localhost');
  for (const c of cases) server.answer(c.key, c.scenario);
  dir = tempDir();
  const { writeFileSync, mkdirSync } = await import('node:fs');
  cases.forEach((c, i) => writeFileSync(`${dir}/key${i}.ts`, `export const k = "${c.key}";\n`));
  // The same keys again in other files: still one request per unique key.
  mkdirSync(`${dir}/copies`);
  writeFileSync(`${dir}/copies/a.env`, `A=${cases[0]!.key}\nB=${cases[6]!.key}\n`);
  writeFileSync(`${dir}/copies/b.json`, JSON.stringify({ a: cases[0]!.key, b: cases[6]!.key, c: cases[15]!.key }));
});

afterAll(async () => {
  await server.close();
  await elsewhere.close();
});

const requestsFor = (key: string) => server.requests.filter((r) => r.key === key);

describe('scan --probe --format json', () => {
  let run: CliRun;
  beforeAll(async () => {
    server.requests.length = 0;
    run = await cli(dir, ['--probe', '--probe-timeout', '1', '--format', 'json'], server.env);
  });

  test('exits 1 (keys were found), prints JSON and nothing on stderr', () => {
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.json.findings).toHaveLength(cases.length + 5);
  });

  test.each(cases.map((c, i) => [c.name, i] as const))('%s: classified per the table', (_name, i) => {
    const c = cases[i]!;
    const finding = run.json.findings.find((f: { file: string }) => f.file === `key${i}.ts`);
    expect(finding.probe).toMatchObject(c.expected);
    if (c.expected && 'code' in c.expected) expect(finding.probe.code).toBe((c.expected as { code: string }).code);
  });

  test.each(cases.map((c, i) => [c.name, i] as const))('%s: one request per unique key, one retry at most', (_name, i) => {
    expect(requestsFor(cases[i]!.key)).toHaveLength(cases[i]!.requests);
  });

  test('a key found in several files is probed once and every finding carries the answer', () => {
    const copies = run.json.findings.filter((f: { fingerprint: string }) => f.fingerprint === run.json.findings.find((g: { file: string }) => g.file === 'key0.ts').fingerprint);
    expect(copies).toHaveLength(3);
    for (const f of copies) expect(f.probe).toMatchObject({ status: 'live', httpStatus: 200 });
    expect(server.requests.length).toBe(cases.reduce((n, c) => n + c.requests, 0));
  });

  test('OpenAI keys go as a Bearer token to /models (admin keys to the admin keys list)', () => {
    const openai = server.requests.filter((r) => r.provider === 'openai');
    expect(openai.length).toBeGreaterThan(0);
    for (const r of openai) {
      expect(r.headers.authorization).toBe(`Bearer ${r.key}`);
      expect(r.headers['x-api-key']).toBeUndefined();
      expect(r.headers['openai-organization']).toBeUndefined();
    }
    expect(requestsFor(fake.openaiProject(201))[0]!.path).toBe('/openai/v1/models');
    expect(requestsFor(fake.openaiAdmin(220))[0]!.path).toBe('/openai/v1/organization/admin_api_keys?limit=1');
  });

  test('Anthropic keys go in x-api-key with anthropic-version to /models (admin keys to /organizations/me)', () => {
    const anthropic = server.requests.filter((r) => r.provider === 'anthropic');
    expect(anthropic.length).toBeGreaterThan(0);
    for (const r of anthropic) {
      expect(r.headers['x-api-key']).toBe(r.key);
      expect(r.headers['anthropic-version']).toBe('2023-06-01');
      expect(r.headers.authorization).toBeUndefined();
    }
    expect(requestsFor(fake.anthropic(240))[0]!.path).toBe('/anthropic/v1/models');
    expect(requestsFor(fake.anthropicAdmin(250))[0]!.path).toBe('/anthropic/v1/organizations/me');
  });

  test('a redirect to another host is not followed: that host never sees the key', () => {
    expect(elsewhere.requests).toEqual([]);
  });

  test('no key appears in the output, although the server echoed keys in its error messages', () => {
    expectNoKey(run);
  });
});

describe('scan --probe, text report', () => {
  let run: CliRun;
  beforeAll(async () => {
    run = await cli(dir, ['--probe', '--probe-timeout', '1', '--explain'], server.env);
  });

  test('a live key gets a loud LIVE marker and "rotate it now" at the provider page, then purge', () => {
    const block = blockOf(run.stdout, 'key0.ts');
    expect(block).toContain('*** LIVE ***');
    expect(block).toContain('rotate it now at https://platform.openai.com/api-keys');
    expect(block).toContain('purge it from the git history');
    expect(run.stdout).toMatch(/\d+ keys are LIVE: rotate them first, now\./);
  });

  test('a revoked key: already dead, still purge the history and check the app', () => {
    const block = blockOf(run.stdout, 'key1.ts');
    expect(block).toContain('[revoked] (HTTP 401, invalid_api_key)');
    expect(block).toContain('already dead: find the app that used it and give it a new key; still purge it from the git history');
    // Finalize's "rotate it" is replaced: a dead key has nothing left to rotate.
    expect(block).toContain('the key is already dead: find the app that used it');
    expect(block).not.toContain('rotate it');
    expect(block).not.toContain('LIVE');
  });

  test('a deactivated account: an account problem', () => {
    expect(blockOf(run.stdout, 'key2.ts')).toContain('[deactivated] (HTTP 401, account_deactivated)');
    expect(blockOf(run.stdout, 'key2.ts')).toContain('account problem');
  });

  test('no quota left is still LIVE', () => {
    expect(blockOf(run.stdout, 'key4.ts')).toContain('*** LIVE, NO QUOTA ***');
  });

  test('unknown says it could not tell, and why', () => {
    expect(blockOf(run.stdout, 'key8.ts')).toContain('[unknown] (timeout: no answer within 1 s): Could not tell whether the key works: treat it as live');
    expect(blockOf(run.stdout, 'key6.ts')).toContain('[unknown] (HTTP 500, server_error, the provider had an error): Could not tell');
    expect(blockOf(run.stdout, 'key9.ts')).toMatch(/\[unknown\] \(HTTP 302, redirected \(HTTP 302\) to another host \(localhost:\d+\); not followed, the key is not sent there\): Could not tell/);
  });

  test('no key appears in the text output', () => {
    expectNoKey(run);
  });
});

describe('one probe vocabulary: live, live, no quota, revoked, deactivated, unknown in every human format', () => {
  const lineOf = (stdout: string, file: string) => stdout.split('\n').find((l) => l.includes(` ${file}:`)) ?? '';

  test('the one-line text report tags each key with its word', async () => {
    const short = await cli(dir, ['--probe', '--probe-timeout', '1'], server.env);
    expect(lineOf(short.stdout, 'key0.ts')).toContain('[LIVE]');
    expect(lineOf(short.stdout, 'key1.ts')).toContain('[revoked]');
    expect(lineOf(short.stdout, 'key2.ts')).toContain('[deactivated]');
    expect(lineOf(short.stdout, 'key4.ts')).toContain('[LIVE, NO QUOTA]');
    expect(lineOf(short.stdout, 'key8.ts')).toContain('[unknown]');
    expect(short.stdout).not.toMatch(/\binvalid\b/);
    expectNoKey(short);
  });

  test('HTML, the summary and github annotations say revoked too; the JSON keeps its status value', async () => {
    const [html, summary, github, json] = await Promise.all(
      ['html', 'summary', 'github', 'json'].map((format) => cli(dir, ['--probe', '--probe-timeout', '1', '--format', format], server.env)),
    );
    expect(html!.stdout).toMatch(/class="badge badge-invalid"[^>]*>revoked</);
    expect(html!.stdout).not.toMatch(/>invalid</);
    expect(summary!.stdout).toContain('(revoked)');
    expect(summary!.stdout).not.toContain('(invalid)');
    expect(github!.stdout).toContain('Probe: revoked (HTTP 401, invalid_api_key)');
    expect(github!.stdout).toContain('already dead: find the app that used it');
    expect(json!.json.findings.some((f: { probe: { status: string } }) => f.probe.status === 'invalid')).toBe(true);
  });
});

/** The lines of the text report that belong to the finding in `file`. */
function blockOf(stdout: string, file: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((l) => l.includes(` ${file}:`));
  expect(start, `finding in ${file}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('    '));
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('probe limits and guards', () => {
  test('at most 4 requests are in flight at once, seen from the server', async () => {
    const slow = await fakeProvider();
    try {
      const keys = Array.from({ length: 10 }, (_, i) => fake.openaiProject(300 + i));
      for (const k of keys) slow.answer(k, 'slow');
      const d = tempDir();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${d}/keys.txt`, keys.join('\n'));
      const run = await cli(d, ['--probe', '--format', 'json'], slow.env);
      expect(run.json.findings.map((f: { probe: { status: string } }) => f.probe.status)).toEqual(keys.map(() => 'live'));
      expect(slow.requests).toHaveLength(10);
      expect(slow.maxInFlight()).toBe(4);
      expectNoKey(run, keys);
    } finally {
      await slow.close();
    }
  });

  test('without --probe nothing is sent', async () => {
    const before = server.requests.length;
    const run = await cli(dir, ['--format', 'json'], server.env);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings.every((f: object) => !('probe' in f))).toBe(true);
    expect(server.requests.length).toBe(before);
  });

  test('plain http to a host that is not this machine is refused before anything is sent', async () => {
    const run = await cli(dir, ['--probe'], { ...server.env, SCAN_KEYS_OPENAI_BASE_URL: 'http://api.example.com/v1' });
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'scan-keys: SCAN_KEYS_OPENAI_BASE_URL must use https (http://api.example.com is not this machine; http is allowed for 127.0.0.1, localhost and [::1] only)\n',
    );
  });

  test('OPENAI_BASE_URL is never used: a proxy named there gets no key', async () => {
    const proxy = await fakeProvider();
    try {
      const d = tempDir();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${d}/k.ts`, `"${cases[0]!.key}"`);
      const run = await cli(d, ['--probe', '--format', 'json'], {
        ...server.env,
        OPENAI_BASE_URL: `${proxy.origin}/openai/v1`,
        ANTHROPIC_BASE_URL: `${proxy.origin}/anthropic/v1`,
      });
      expect(run.json.findings[0].probe.status).toBe('live');
      expect(proxy.requests).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  test('bad --probe-timeout values and --probe-timeout without --probe are usage errors', async () => {
    for (const args of [['--probe', '--probe-timeout', '0'], ['--probe', '--probe-timeout', 'soon'], ['--probe-timeout', '5']]) {
      const run = await cli(dir, args, server.env);
      expect(run.exitCode, args.join(' ')).toBe(2);
      expect(run.stderr.split('\n').filter(Boolean), args.join(' ')).toHaveLength(1);
    }
  });

  test('a --probe-timeout out of range is a usage error before anything is sent, not a 1 ms timeout', async () => {
    server.requests.length = 0;
    // Past 2,147,483.647 s Node's timers overflow to 1 ms; the others are not durations at all.
    for (const value of ['2147484', '3000000', '1e10', 'Infinity', 'NaN', '-1', '-0', '', '0.0001']) {
      // The = form: parseArgs itself refuses `--probe-timeout -1` as ambiguous.
      const run = await cli(dir, ['--probe', `--probe-timeout=${value}`], server.env);
      expect(run.exitCode, value).toBe(2);
      expect(run.stderr.trimEnd(), value).toBe(
        `scan-keys: --probe-timeout must be a number of seconds from 0.001 to 2147483 (about 24 days); got '${value}'`,
      );
    }
    expect(server.requests).toEqual([]);
  });

  test('the largest --probe-timeout is honoured: a slow answer is waited for', async () => {
    const slow = await fakeProvider();
    try {
      const key = fake.openaiProject(260);
      slow.answer(key, 'slow');
      const d = tempDir();
      const { writeFileSync } = await import('node:fs');
      writeFileSync(`${d}/k.ts`, `export const k = "${key}";\n`);
      const run = await cli(d, ['--probe', '--probe-timeout', '2147483', '--format', 'json'], slow.env);
      expect(run.stderr).not.toContain('TimeoutOverflowWarning');
      expect(run.json.findings[0].probe).toMatchObject({ status: 'live', httpStatus: 200 });
      expectNoKey(run, [key]);
    } finally {
      await slow.close();
    }
  });

  test('history --probe: a key deleted in a later commit is still probed, once, and its verdict said once', async () => {
    const repo = tempRepo();
    const key = cases[0]!.key;
    repo.write('a.ts', `const k = "${key}";\n`);
    repo.write('b.ts', `const k = "${key}";\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'add');
    repo.write('a.ts', 'const k = process.env.OPENAI_API_KEY;\n');
    repo.write('b.ts', 'const k = process.env.OPENAI_API_KEY;\n');
    repo.git('commit', '-qam', 'remove');
    const before = requestsFor(key).length;
    const json = await cli(repo.dir, ['history', '--probe', '--format', 'json'], server.env);
    expect(json.exitCode).toBe(1);
    expect(json.json.findings.map((f: { probe: object }) => f.probe)).toEqual([
      { status: 'live', httpStatus: 200 },
      { status: 'live', httpStatus: 200 },
    ]);
    expect(requestsFor(key).length - before).toBe(1);
    const text = await cli(repo.dir, ['history', '--probe', '--explain'], server.env);
    expect(text.stdout.match(/\*\*\* LIVE \*\*\*/g)).toHaveLength(1);
    expectNoKey(json);
    expectNoKey(text);
  });

  test('--staged --probe probes the staged key', async () => {
    const repo = tempRepo();
    repo.write('app.ts', `const k = "${cases[1]!.key}";\n`);
    repo.git('add', 'app.ts');
    const run = await cli(repo.dir, ['--staged', '--probe', '--format', 'json'], server.env);
    expect(run.exitCode).toBe(1);
    expect(run.json.findings[0].probe).toMatchObject({ status: 'invalid', httpStatus: 401, code: 'invalid_api_key' });
  });
});
