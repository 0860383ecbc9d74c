import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli, type CliRun } from '../support/cli.js';
import { fakeProvider, type FakeProvider } from '../support/provider.js';
import { tempDir, tempRepo } from '../support/repo.js';

/**
 * scan-keys doctor, run as users run it: the built CLI in a clean folder, with
 * an environment the test controls and a local server playing the providers.
 */
let server: FakeProvider;
const keys = {
  live: fake.openaiProject(401),
  revoked: fake.openaiProject(402),
  forbidden: fake.openaiProject(403),
  orgMismatch: fake.openaiProject(404),
  deactivated: fake.openaiProject(405),
  admin: fake.openaiAdmin(406),
  anthropicLive: fake.anthropic(407),
  anthropicRevoked: fake.anthropic(408),
};

beforeAll(async () => {
  server = await fakeProvider();
  server.answer(keys.live, 'ok');
  server.answer(keys.revoked, 'invalid');
  server.answer(keys.forbidden, 'forbidden');
  server.answer(keys.orgMismatch, 'org-mismatch');
  server.answer(keys.deactivated, 'deactivated');
  server.answer(keys.admin, 'ok');
  server.answer(keys.anthropicLive, 'ok');
  server.answer(keys.anthropicRevoked, 'invalid');
});
afterAll(() => server.close());

/** Only what the test sets: the developer's own keys and organization never leak into a run. */
const CLEARED = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY', 'OPENAI_ORG_ID', 'OPENAI_ORGANIZATION', 'OPENAI_PROJECT_ID', 'OPENAI_BASE_URL'];

async function doctor(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  return doctorIn(tempDir(), env, ...args);
}

/** Runs doctor in `dir`, after writing `files` there (the .env files of a project). */
async function doctorIn(dir: string, env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const cleared = Object.fromEntries(CLEARED.map((k) => [k, undefined]));
  const run = await cli(dir, ['doctor', ...args], { ...cleared, ...server.env, ...env });
  const printed = run.stdout + run.stderr;
  for (const key of Object.values(keys)) {
    expect(printed.includes(key), 'a whole key was printed').toBe(false);
    expect(printed.includes(key.slice(12, 40)), 'a piece of a key was printed').toBe(false);
  }
  expect(run.stderr).toBe('');
  return run;
}

const checkOf = (run: CliRun, id: string, subject = 'OPENAI_API_KEY') =>
  run.json.checks.find((c: { id: string; subject: string }) => c.id === id && c.subject === subject);

describe('a clean setup', () => {
  test('a live project key, nothing else set: exit 0, nothing failed', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live }, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ nothing failed');
    expect(run.stdout).toMatch(/✔ visible to this process: ⟨sk-proj-…[A-Za-z0-9_-]{4}⟩, 164 characters/);
    expect(run.stdout).toContain('✔ the provider accepts the key: live: the key works (HTTP 200)');
    expect(run.stdout).not.toContain('✖');
  });

  test('--format json lists the checks with their status, in order (a) to (g)', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({ version: 1, ok: true, failed: 0 });
    expect(run.json.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['visible', 'pass'],
      ['whitespace', 'pass'],
      ['shape', 'pass'],
      ['dotenv', 'info'],
      ['organization', 'pass'],
      ['scope', 'info'],
      ['probe', 'pass'],
    ]);
  });

  test('without --probe nothing is sent, and the curl to run by hand uses $OPENAI_API_KEY', async () => {
    const before = server.requests.length;
    const run = await doctor({ OPENAI_API_KEY: keys.live });
    expect(run.exitCode).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(run.stdout).toContain(`curl -sS "${server.env.SCAN_KEYS_OPENAI_BASE_URL}/models" -H "authorization: Bearer $OPENAI_API_KEY"`);
  });
});

describe('one test per cause', () => {
  test('cause 1: a masked key copied from a page', async () => {
    const run = await doctor({ OPENAI_API_KEY: 'sk-proj-...Abcd' }, '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'shape')).toMatchObject({ status: 'fail', cause: 1, detail: expect.stringContaining('masked or truncated') });
  });

  test('cause 1: a key cut short, and an Anthropic key in OPENAI_API_KEY', async () => {
    const cut = await doctor({ OPENAI_API_KEY: keys.live.slice(0, 100) }, '--format', 'json');
    expect(cut.exitCode).toBe(1);
    expect(checkOf(cut, 'shape')).toMatchObject({ status: 'fail', detail: expect.stringContaining('not a whole one (100 characters)') });
    const swapped = await doctor({ OPENAI_API_KEY: keys.anthropicLive }, '--probe', '--format', 'json');
    expect(swapped.exitCode).toBe(1);
    expect(checkOf(swapped, 'shape')).toMatchObject({ status: 'fail', detail: 'this is an Anthropic API key, not an OpenAI key', fix: expect.stringContaining('ANTHROPIC_API_KEY') });
    // An Anthropic key is never sent to OpenAI.
    expect(server.requests.some((r) => r.key === keys.anthropicLive)).toBe(false);
  });

  test('cause 2: a revoked key (the probe says invalid)', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.revoked }, '--probe');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ the provider accepts the key (cause 2): invalid: the key is wrong, revoked or deleted (HTTP 401 invalid_api_key)');
    expect(run.stdout).toContain('cannot be restored');
    expect(run.stdout).toContain('cause 2: the key was revoked or deleted');
  });

  test('cause 2 (variant): a deactivated account', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.deactivated }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'probe')).toMatchObject({ status: 'fail', detail: expect.stringContaining('deactivated') });
  });

  test('cause 3: a project key refused with 403 is named, as a warning', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.forbidden }, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/! what the key may reach \(cause 3\): the provider knows the key but refuses this request \(HTTP 403/);
  });

  test('cause 3: an admin key used as an API key', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.admin }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'scope')).toMatchObject({ status: 'warn', cause: 3, detail: expect.stringContaining('admin key') });
    expect(server.requests.filter((r) => r.key === keys.admin).map((r) => r.path)).toEqual(['/openai/v1/organization/admin_api_keys?limit=1']);
  });

  test('cause 4: the variable is not set in this process', async () => {
    const run = await doctor({});
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ visible to this process (cause 4): OPENAI_API_KEY is not set in this process');
    expect(run.stdout).toContain('fix: set it where the app runs');
  });

  test('cause 4: set but empty', async () => {
    const run = await doctor({ OPENAI_API_KEY: '' }, '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'visible')).toMatchObject({ status: 'fail', detail: 'OPENAI_API_KEY is set but empty' });
  });

  test('cause 5: a trailing newline, made visible in the repr', async () => {
    const run = await doctor({ OPENAI_API_KEY: `${keys.live}\n` }, '--probe');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/✖ no whitespace, newline or quotes in the value \(cause 5\): trailing: newline: ⟨sk-proj-…[A-Za-z0-9_-]{4}\\n⟩/);
    // The key itself is live once trimmed: the probe says so.
    expect(run.stdout).toContain('(asked with the value trimmed of whitespace and quotes)');
  });

  test('cause 5: literal quotes and a space inside', async () => {
    const run = await doctor({ OPENAI_API_KEY: `"${keys.live.slice(0, 80)} ${keys.live.slice(80)}"` }, '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'whitespace').detail).toMatch(/^the key is wrapped in literal quotes; leading: double quote; trailing: double quote; a space inside, at character 82: ⟨"sk-proj-…/);
  });

  test('cause 6: live without OpenAI-Organization, rejected with it', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.orgMismatch, OPENAI_ORG_ID: 'org-notmine' }, '--probe');
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      '✖ organization and project variables (cause 6): live without OpenAI-Organization, rejected with OpenAI-Organization: org-notmine (HTTP 401 mismatched_organization): OPENAI_ORG_ID does not match the key',
    );
    expect(run.stdout).toContain('-H "OpenAI-Organization: $OPENAI_ORG_ID"');
    const sent = server.requests.filter((r) => r.key === keys.orgMismatch).map((r) => r.headers['openai-organization']);
    expect(sent).toEqual([undefined, 'org-notmine']);
  });

  test('cause 6 without --probe: a warning that names the variable, exit 0', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live, OPENAI_ORGANIZATION: 'org-maybe' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('! organization and project variables (cause 6): OPENAI_ORGANIZATION=org-maybe (sent as OpenAI-Organization) is set');
  });

  test('an organization header the key accepts passes', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live, OPENAI_ORG_ID: 'org-mine' }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'organization')).toMatchObject({ status: 'pass', detail: 'the key works with OpenAI-Organization: org-mine' });
  });
});

describe('cause 4 through .env files', () => {
  const project = (files: Record<string, string>) => {
    const repo = tempRepo({ init: false });
    for (const [name, text] of Object.entries(files)) repo.write(name, text);
    return repo.dir;
  };

  test('a .env value that differs from the process value: the app reads another key', async () => {
    const dir = project({ '.env': `# local\nOPENAI_API_KEY=${keys.revoked}\n` });
    const run = await doctorIn(dir, { OPENAI_API_KEY: keys.live }, '--format', 'json');
    expect(run.exitCode).toBe(1);
    const check = checkOf(run, 'dotenv');
    expect(check).toMatchObject({ status: 'fail', cause: 4 });
    expect(check.detail).toContain(`.env:2 has ⟨sk-proj-…${keys.revoked.slice(-4)}⟩, the process has ⟨sk-proj-…${keys.live.slice(-4)}⟩`);
    expect(check.detail).toContain('the app reads another key than the one tested');
  });

  test('a key in .env that the process does not see: the file is not loaded', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY="${keys.live}"\n` });
    const run = await doctorIn(dir, {});
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('✖ the .env files here agree with the process (cause 4): OPENAI_API_KEY is in .env:1 but not in this process: that file is not loaded');
  });

  test('the same value in .env passes; its lint problems are warnings; templates are not compared', async () => {
    const dir = project({
      '.env': `OPENAI_API_KEY=${keys.live}   \n`,
      '.env.example': 'OPENAI_API_KEY=sk-proj-YOUR_KEY_HERE\n',
    });
    const run = await doctorIn(dir, { OPENAI_API_KEY: keys.live }, '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'dotenv')).toMatchObject({ status: 'pass', detail: '.env:1: the same value as the process' });
    expect(checkOf(run, 'dotenv-lint', '.env')).toMatchObject({ status: 'warn', detail: expect.stringMatching(/^1 problem\nline 1: /) });
    expect(checkOf(run, 'dotenv-lint', '.env').detail).toContain('[dotenv-trailing-whitespace]');
    expect(checkOf(run, 'dotenv-lint', '.env.example')).toMatchObject({ status: 'pass' });
  });

  test('ANTHROPIC_API_KEY only in .env is checked, and named as not loaded', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY=${keys.live}\nANTHROPIC_API_KEY=${keys.anthropicLive}\n` });
    const run = await doctorIn(dir, { OPENAI_API_KEY: keys.live }, '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'visible', 'ANTHROPIC_API_KEY')).toMatchObject({ status: 'fail' });
    expect(checkOf(run, 'dotenv', 'ANTHROPIC_API_KEY')).toMatchObject({ status: 'fail', detail: expect.stringContaining('not loaded') });
    expect(checkOf(run, 'dotenv', 'OPENAI_API_KEY')).toMatchObject({ status: 'pass' });
  });
});

describe('ANTHROPIC_API_KEY, when set', () => {
  test('is checked too: a revoked Anthropic key fails, probed with x-api-key', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live, ANTHROPIC_API_KEY: keys.anthropicRevoked }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'probe', 'ANTHROPIC_API_KEY')).toMatchObject({ status: 'fail', detail: expect.stringContaining('HTTP 401 authentication_error') });
    expect(checkOf(run, 'probe', 'ANTHROPIC_API_KEY').command).toContain('-H "x-api-key: $ANTHROPIC_API_KEY" -H "anthropic-version: 2023-06-01"');
  });

  test('is left out when not set', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live }, '--format', 'json');
    expect(run.json.checks.some((c: { subject: string }) => c.subject === 'ANTHROPIC_API_KEY')).toBe(false);
  });
});

describe('bad input', () => {
  test('a base URL over plain http to another host is a usage error (exit 2)', async () => {
    const run = await cli(tempDir(), ['doctor', '--probe'], { OPENAI_API_KEY: keys.live, SCAN_KEYS_ANTHROPIC_BASE_URL: 'http://example.com/v1' });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^scan-keys: SCAN_KEYS_ANTHROPIC_BASE_URL must use https/);
  });

  test('arguments and unknown formats are usage errors', async () => {
    expect((await cli(tempDir(), ['doctor', 'extra'])).exitCode).toBe(2);
    expect((await cli(tempDir(), ['doctor', '--format', 'sarif'])).exitCode).toBe(2);
  });
});
