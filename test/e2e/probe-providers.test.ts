import { afterAll, beforeAll, expect, test } from 'vitest';
import { fake } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { leakedWindow } from '../support/findings.js';
import { fakeProvider, type FakeProvider } from '../support/provider.js';
import { tempRepo } from '../support/repo.js';

/**
 * --probe through the built CLI for the new providers: a staged .env with
 * keys of several providers, each asked at its own stand-in on 127.0.0.1,
 * each classified, none sent anywhere else, none printed.
 */
let server: FakeProvider;
beforeAll(async () => {
  server = await fakeProvider();
});
afterAll(() => server.close());

test('a staged .env of six providers: each key probed at its own provider and classified', async () => {
  const keys = {
    GROQ_API_KEY: { key: fake.groq(701), rule: 'groq-api-key', provider: 'groq', scenario: 'ok', status: 'live' },
    HF_TOKEN: { key: fake.huggingface(702), rule: 'huggingface-token', provider: 'huggingface', scenario: 'invalid', status: 'invalid' },
    GITHUB_TOKEN: { key: fake.githubClassic(703), rule: 'github-classic-token', provider: 'github', scenario: 'ok', status: 'live' },
    STRIPE_SECRET_KEY: { key: fake.stripe(704), rule: 'stripe-secret-key', provider: 'stripe', scenario: 'invalid', status: 'invalid' },
    OPENROUTER_API_KEY: { key: fake.openrouter(705), rule: 'openrouter-api-key', provider: 'openrouter', scenario: 'ok', status: 'live' },
    OPENAI_API_KEY: { key: fake.openaiProject(706), rule: 'openai-project-key', provider: 'openai', scenario: 'invalid', status: 'invalid' },
  } as const;
  for (const k of Object.values(keys)) server.answer(k.key, k.scenario);
  const repo = tempRepo();
  repo.write('.env', Object.entries(keys).map(([name, k]) => `${name}=${k.key}\n`).join(''));
  repo.git('add', '-f', '.env');
  const run = await cli(repo.dir, ['--staged', '--probe', '--format', 'json'], server.env);
  expect(run.exitCode).toBe(1);
  expect(leakedWindow(run.stdout + run.stderr, Object.values(keys).map((k) => k.key))).toBeUndefined();
  const secrets = run.json.findings.filter((f: { kind: string }) => f.kind === 'secret');
  expect(secrets.map((f: { rule: string; probe: { status: string } }) => [f.rule, f.probe.status]).sort()).toEqual(
    Object.values(keys)
      .map((k) => [k.rule, k.status])
      .sort(),
  );
  // Each key reached its own provider's stand-in, and no other.
  for (const k of Object.values(keys)) {
    const where = [...new Set(server.requests.filter((r) => r.key === k.key).map((r) => r.provider))];
    expect(where, k.rule).toEqual([k.provider]);
  }
});
