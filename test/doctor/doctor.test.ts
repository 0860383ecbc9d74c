import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KEY_VARIABLES } from '../../src/doctor/variables.js';
import { fake, fakeParts } from '../../src/rules/fake.js';
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
  groqLive: fake.groq(409),
  groqRevoked: fake.groq(410),
  mistralLive: fakeParts.mistral(411),
  huggingfaceLive: fake.huggingface(412),
  inDotenv: fake.openaiProject(413),
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
  server.answer(keys.groqLive, 'ok');
  server.answer(keys.groqRevoked, 'invalid');
  server.answer(keys.mistralLive, 'ok');
  server.answer(keys.huggingfaceLive, 'ok');
  server.answer(keys.inDotenv, 'ok');
});
afterAll(() => server.close());

/** Only what the test sets: the developer's own keys and organization never leak into a run. */
const CLEARED = [...KEY_VARIABLES.map((v) => v.variable), 'OPENAI_ORG_ID', 'OPENAI_ORGANIZATION', 'OPENAI_PROJECT_ID', 'OPENAI_BASE_URL'];

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

  test('--format json lists the checks with their status, in the order of the six causes, with the legend', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(run.json).toMatchObject({ version: 1, ok: true, failed: 0 });
    expect(run.json.checks.map((c: { id: string; status: string; cause: number }) => [c.id, c.status, c.cause])).toEqual([
      ['shape', 'pass', 1],
      ['probe', 'pass', 2],
      ['scope', 'info', 3],
      ['visible', 'pass', 4],
      ['dotenv', 'info', 4],
      ['whitespace', 'pass', 5],
      ['organization', 'pass', 6],
    ]);
    expect(run.json.causes).toEqual({
      1: 'wrong key copied',
      2: 'revoked or deleted',
      3: 'project key on an org-level endpoint',
      4: 'not set in this process',
      5: 'whitespace or quotes',
      6: 'wrong organization',
    });
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
    expect(run.stdout).toContain(
      '✖ the provider accepts the key (cause 2: revoked or deleted): invalid: the key is wrong, revoked or deleted (HTTP 401 invalid_api_key)',
    );
    expect(run.stdout).toContain('cannot be restored');
    expect(run.stdout).toContain('\n  OpenAI refuses the key in OPENAI_API_KEY (HTTP 401 invalid_api_key) (cause 2: revoked or deleted)\n');
  });

  test('cause 2 (variant): a deactivated account', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.deactivated }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'probe')).toMatchObject({ status: 'fail', detail: expect.stringContaining('deactivated') });
  });

  test('cause 3: a project key refused with 403 is named, as a warning', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.forbidden }, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/! what the key may reach \(cause 3: project key on an org-level endpoint\): the provider knows the key but refuses this request \(HTTP 403/);
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
    expect(run.stdout).toContain('✖ visible to this process (cause 4: not set in this process): OPENAI_API_KEY is not set in this process');
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
    expect(run.stdout).toMatch(/✖ no whitespace, newline or quotes in the value \(cause 5: whitespace or quotes\): trailing: newline: ⟨sk-proj-…[A-Za-z0-9_-]{4}\\n⟩/);
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
      '✖ organization and project variables (cause 6: wrong organization): live without OpenAI-Organization, rejected with OpenAI-Organization: org-notmine (HTTP 401 mismatched_organization): OPENAI_ORG_ID does not match the key',
    );
    expect(run.stdout).toContain('-H "OpenAI-Organization: $OPENAI_ORG_ID"');
    const sent = server.requests.filter((r) => r.key === keys.orgMismatch).map((r) => r.headers['openai-organization']);
    expect(sent).toEqual([undefined, 'org-notmine']);
  });

  test('cause 6 without --probe: a warning that names the variable, exit 0', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live, OPENAI_ORGANIZATION: 'org-maybe' });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('! organization and project variables (cause 6: wrong organization): OPENAI_ORGANIZATION=org-maybe (sent as OpenAI-Organization) is set');
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

  test('a good key in .env that the process does not see: the .env value is checked, and the app that loads it is fine (exit 0)', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY="${keys.inDotenv}"\n` });
    const run = await doctorIn(dir, {}, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ nothing failed');
    expect(run.stdout).toMatch(/i visible to this process: not set in this process; \.env:1 sets it, and an app that loads \.env .* reads it there/);
    expect(run.stdout).toContain('✔ the shape of an OpenAI key: in .env:1: OpenAI project API key, 164 characters');
    // The shell has no $OPENAI_API_KEY: the command by hand reads .env first.
    expect(run.stdout).toContain('by hand: set -a; . ./.env; set +a\n               curl -sS');
    // The key asked about is the one in .env, unquoted as dotenv loads it.
    expect(server.requests.filter((r) => r.key === keys.inDotenv).map((r) => r.path)).toEqual(['/openai/v1/models']);
  });

  test('the by-hand command loads the .env file as one shell word, whatever its name', async () => {
    const name = ".env.x'$(touch pwned)'";
    const dir = project({ [name]: `OPENAI_API_KEY=${keys.inDotenv}\n` });
    const run = await doctorIn(dir, {}, '--format', 'json');
    const [load] = checkOf(run, 'probe').command.split('\n');
    const shell = spawnSync('sh', ['-c', `${load}; printf %s "$OPENAI_API_KEY"`], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(shell.stdout).toBe(keys.inDotenv);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
  });

  test('a masked key in .env, none in the process: the masked key is the headline, not "not set in this process"', async () => {
    const dir = project({ '.env': '# from the dashboard\nOPENAI_API_KEY=sk-proj-...Abcd\n' });
    const run = await doctorIn(dir, {});
    expect(run.exitCode).toBe(1);
    // The one warning is the .env lint's dotenv-masked-key on the same line.
    const verdict = run.stdout.slice(run.stdout.indexOf('✖ 1 check failed'));
    expect(verdict).toBe(
      '✖ 1 check failed, 1 warning; see the fixes above:\n' +
        '  OPENAI_API_KEY in .env:2 is a masked key (as a page or an error message shows it), not the key itself (cause 1: wrong key copied)\n',
    );
    expect(run.stdout).toContain('✖ the shape of an OpenAI key (cause 1: wrong key copied): in .env:2: masked or truncated');
    expect(run.stdout).toContain('and put it in .env:2');
    expect(run.stdout).not.toContain('✖ visible to this process');
  });

  test('whitespace and nested quotes in a .env value the app loads are cause 5, with the fix for .env', async () => {
    const spaced = await doctorIn(project({ '.env': `OPENAI_API_KEY="${keys.inDotenv} "\n` }), {}, '--format', 'json');
    expect(spaced.exitCode).toBe(1);
    expect(checkOf(spaced, 'whitespace')).toMatchObject({
      status: 'fail',
      cause: 5,
      detail: expect.stringMatching(/^in \.env:1: trailing: space: ⟨sk-proj-…[A-Za-z0-9_-]{4}␣⟩$/),
      headline: 'OPENAI_API_KEY in .env:1 holds more than the key (trailing: space)',
      fix: expect.stringContaining('in .env:1, write the key alone after the ='),
    });
    expect(checkOf(spaced, 'visible')).toMatchObject({ status: 'info' });
    const nested = await doctorIn(project({ '.env': `OPENAI_API_KEY='"${keys.inDotenv}"'\n` }), {}, '--format', 'json');
    expect(nested.exitCode).toBe(1);
    expect(checkOf(nested, 'whitespace').detail).toMatch(/^in \.env:1: the key is wrapped in literal quotes/);
    // Once trimmed, the shape is a key: the quotes are the only problem named.
    expect(checkOf(nested, 'shape')).toMatchObject({ status: 'pass' });
  });

  test('an organization id in .env goes with the .env key: a mismatch is cause 6, and names the line', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY=${keys.orgMismatch}\nOPENAI_ORG_ID=org-notmine\n` });
    const run = await doctorIn(dir, {}, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'organization')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('OPENAI_ORG_ID in .env:2 does not match the key'),
      headline: 'OPENAI_ORG_ID does not match the organization of OPENAI_API_KEY',
    });
    expect(checkOf(run, 'probe').command).toContain('-H "OpenAI-Organization: $OPENAI_ORG_ID"');
  });

  test('two .env files that disagree, none in the process: a warning that names both, .env checked', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY=${keys.inDotenv}\n`, '.env.local': `OPENAI_API_KEY=${keys.revoked}\n` });
    const run = await doctorIn(dir, {}, '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'dotenv')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining(`.env:1 has ⟨sk-proj-…${keys.inDotenv.slice(-4)}⟩; .env.local:1 has ⟨sk-proj-…${keys.revoked.slice(-4)}⟩`),
    });
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

  test('ANTHROPIC_API_KEY only in .env is checked, as the value the app loads', async () => {
    const dir = project({ '.env': `OPENAI_API_KEY=${keys.live}\nANTHROPIC_API_KEY=${keys.anthropicLive}\n` });
    const run = await doctorIn(dir, { OPENAI_API_KEY: keys.live }, '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'visible', 'ANTHROPIC_API_KEY')).toMatchObject({ status: 'info', detail: expect.stringContaining('.env:2 sets it') });
    expect(checkOf(run, 'shape', 'ANTHROPIC_API_KEY')).toMatchObject({ status: 'pass', detail: 'in .env:2: Anthropic API key, 108 characters' });
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

describe('every provider whose variable is set', () => {
  test('only ANTHROPIC_API_KEY set, and live: exit 0, OPENAI_API_KEY is not asked for', async () => {
    const run = await doctor({ ANTHROPIC_API_KEY: keys.anthropicLive }, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('✔ nothing failed');
    expect(run.stdout).not.toContain('OPENAI_API_KEY');
    expect(run.stdout).toContain('\nANTHROPIC_API_KEY\n  ✔ the shape of an Anthropic key: Anthropic API key, 108 characters\n');
    expect(run.stdout).toContain('✔ the provider accepts the key: live: the key works (HTTP 200)');
  });

  test('nothing set at all: OPENAI_API_KEY is the one asked about', async () => {
    const run = await doctor({}, '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect([...new Set(run.json.checks.map((c: { subject: string }) => c.subject))]).toEqual(['OPENAI_API_KEY']);
  });

  test("GROQ_API_KEY is checked with the probe table's request; a revoked one fails as cause 2", async () => {
    const live = await doctor({ GROQ_API_KEY: keys.groqLive }, '--probe', '--format', 'json');
    expect(live.exitCode).toBe(0);
    expect(checkOf(live, 'shape', 'GROQ_API_KEY')).toMatchObject({ status: 'pass', detail: 'Groq API key, 56 characters' });
    expect(checkOf(live, 'probe', 'GROQ_API_KEY')).toMatchObject({ status: 'pass', command: expect.stringContaining('/groq/openai/v1/models" -H "authorization: Bearer $GROQ_API_KEY"') });
    expect(server.requests.filter((r) => r.key === keys.groqLive).map((r) => r.path)).toEqual(['/groq/openai/v1/models']);
    const revoked = await doctor({ GROQ_API_KEY: keys.groqRevoked }, '--probe');
    expect(revoked.exitCode).toBe(1);
    expect(revoked.stdout).toContain('  Groq refuses the key in GROQ_API_KEY (HTTP 401 invalid_api_key) (cause 2: revoked or deleted)\n');
  });

  test('a key with no prefix of its own (Mistral) is a key in its own variable', async () => {
    const run = await doctor({ MISTRAL_API_KEY: keys.mistralLive }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'shape', 'MISTRAL_API_KEY')).toMatchObject({ status: 'pass', detail: 'Mistral AI API key, 32 characters' });
    expect(checkOf(run, 'probe', 'MISTRAL_API_KEY')).toMatchObject({ status: 'pass' });
  });

  test("another provider's key in HF_TOKEN is cause 1 and is sent nowhere", async () => {
    const run = await doctor({ HF_TOKEN: keys.groqLive, HUGGING_FACE_HUB_TOKEN: keys.huggingfaceLive }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(1);
    expect(checkOf(run, 'shape', 'HF_TOKEN')).toMatchObject({
      status: 'fail',
      detail: 'this is a Groq API key, not a Hugging Face key',
      fix: 'put it in GROQ_API_KEY, and the Hugging Face key in HF_TOKEN',
    });
    expect(checkOf(run, 'probe', 'HUGGING_FACE_HUB_TOKEN')).toMatchObject({ status: 'pass' });
    const sent = server.requests.filter((r) => r.key === keys.groqLive || r.key === keys.huggingfaceLive).map((r) => r.path);
    expect(sent.filter((p) => p.startsWith('/huggingface/'))).toEqual(['/huggingface/api/whoami-v2']);
  });
});

describe('cause numbers come with their words', () => {
  test('a legend line, and every cause named where it is numbered', async () => {
    const run = await doctor({ OPENAI_API_KEY: `"sk-proj-...Abcd"`, OPENAI_ORG_ID: 'org-x' });
    expect(run.stdout.split('\n')[1]).toBe(
      'causes: 1 wrong key copied, 2 revoked or deleted, 3 project key on an org-level endpoint, 4 not set in this process, 5 whitespace or quotes, 6 wrong organization',
    );
    const numbered = run.stdout.split('\n').slice(2).join('\n').match(/cause \d+[^\n]{0,40}/g) ?? [];
    expect(numbered.length).toBeGreaterThan(2);
    for (const mention of numbered) expect(mention).toMatch(/^cause (1: wrong key copied|2: revoked or deleted|3: project key|4: not set|5: whitespace or quotes|6: wrong organization)/);
  });

  test('the checks are printed in the order of the six causes', async () => {
    const run = await doctor({ OPENAI_API_KEY: `${keys.revoked}\n`, OPENAI_ORG_ID: 'org-x' }, '--probe');
    const checklist = run.stdout.slice(0, run.stdout.indexOf('\n✖ '));
    const causes = [...checklist.matchAll(/^ {2}[✖!] .*?\(cause (\d)/gm)].map((m) => Number(m[1]));
    expect(causes).toEqual([...causes].sort());
    expect(causes).toContain(2);
    expect(causes).toContain(5);
  });
});

describe('a base URL without /v1', () => {
  test('OpenAI: 404 on /models gets the /v1 hint, as a warning', async () => {
    const base = `${server.origin}/openai`;
    const run = await doctor({ OPENAI_API_KEY: keys.live, SCAN_KEYS_OPENAI_BASE_URL: base }, '--probe', '--format', 'json');
    expect(run.exitCode).toBe(0);
    expect(checkOf(run, 'probe')).toMatchObject({
      status: 'warn',
      detail: expect.stringMatching(/^unknown: HTTP 404\b.*, the answer of a URL that does not exist, whatever the key$/),
      fix: `SCAN_KEYS_OPENAI_BASE_URL=${base} answered 404 (not found) on /models: the API is under /v1 (the default is https://api.openai.com/v1); try ${base}/v1`,
    });
    // Under no provider's base, the stand-in records no key: the header shows where the key went.
    expect(server.requests.some((r) => r.path === '/openai/models' && r.headers.authorization === `Bearer ${keys.live}`)).toBe(true);
  });

  test('Anthropic: the 404 is not taken for a revoked key', async () => {
    const base = `${server.origin}/anthropic`;
    const run = await doctor({ ANTHROPIC_API_KEY: keys.anthropicLive, SCAN_KEYS_ANTHROPIC_BASE_URL: base }, '--probe');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`try ${base}/v1`);
    expect(run.stdout).toContain('! the provider accepts the key (cause 2: revoked or deleted): unknown: HTTP 404');
    expect(run.stdout).not.toContain('wrong, revoked or deleted');
  });

  test('a 404 from a base that has its /v1 gets no such hint', async () => {
    const run = await doctor({ OPENAI_API_KEY: keys.live, SCAN_KEYS_OPENAI_BASE_URL: `${server.origin}/nowhere/v1` }, '--probe', '--format', 'json');
    expect(checkOf(run, 'probe').fix ?? '').not.toContain('/v1');
    expect(checkOf(run, 'probe').detail).toContain('HTTP 404');
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
