import { describe, expect, test } from 'vitest';
import { fake, fakeParts } from '../../src/rules/fake.js';
import { cli } from '../support/cli.js';
import { tempRepo } from '../support/repo.js';

/**
 * What a new user of an LLM project commits: one `.env` holding a key of
 * every provider beside the OpenAI one. Each must block the commit, once, and
 * none may be printed.
 */
const awsId = fake.awsKeyId(301);
const ENV: readonly (readonly [name: string, value: string, rule: string, secret?: string])[] = [
  ['OPENAI_API_KEY', fake.openaiNamed(302), 'openai-named-key'],
  ['CLAUDE_CODE_OAUTH_TOKEN', fake.anthropicOauth(303), 'anthropic-oauth-token'],
  ['GEMINI_API_KEY', fake.geminiAuthKey(304), 'google-gemini-auth-key'],
  ['GOOGLE_API_KEY', fake.googleApiKey(305), 'google-api-key'],
  ['GROQ_API_KEY', fake.groq(306), 'groq-api-key'],
  ['OPENROUTER_API_KEY', fake.openrouter(307), 'openrouter-api-key'],
  ['HF_TOKEN', fake.huggingface(308), 'huggingface-token'],
  ['LANGSMITH_API_KEY', fake.langsmith(309), 'langsmith-api-key'],
  ['XAI_API_KEY', fake.xai(310), 'xai-api-key'],
  ['TAVILY_API_KEY', fake.tavilyDev(311), 'tavily-api-key'],
  ['PINECONE_API_KEY', fake.pinecone(312), 'pinecone-api-key'],
  ['REPLICATE_API_TOKEN', fake.replicate(313), 'replicate-api-token'],
  ['PERPLEXITY_API_KEY', fake.perplexity(314), 'perplexity-api-key'],
  ['TOGETHER_API_KEY', fake.together(315), 'together-api-key'],
  ['CEREBRAS_API_KEY', fake.cerebras(316), 'cerebras-api-key'],
  ['ELEVENLABS_API_KEY', fake.elevenlabs(317), 'elevenlabs-api-key'],
  ['FIRECRAWL_API_KEY', fake.firecrawl(318), 'firecrawl-api-key'],
  ['LANGFUSE_SECRET_KEY', fake.langfuseSecret(319), 'langfuse-secret-key'],
  ['WANDB_API_KEY', fake.wandb(320), 'wandb-api-key'],
  ['DEEPSEEK_API_KEY', fakeParts.deepseek(321), 'deepseek-api-key'],
  ['MISTRAL_API_KEY', fakeParts.mistral(322), 'mistral-api-key'],
  ['COHERE_API_KEY', fakeParts.cohere(323), 'cohere-api-key'],
  ['AZURE_OPENAI_API_KEY', fakeParts.azureOpenai(324), 'azure-openai-api-key'],
  ['GITHUB_TOKEN', fake.githubClassic(325), 'github-classic-token'],
  ['GH_PAT', fake.githubFineGrained(326), 'github-fine-grained-token'],
  ['GITLAB_TOKEN', fake.gitlabRoutable(327), 'gitlab-personal-token'],
  ['AWS_ACCESS_KEY_ID', awsId, 'aws-secret-access-key', 'the pair is reported at the secret'],
  ['AWS_SECRET_ACCESS_KEY', fakeParts.awsSecret(328), 'aws-secret-access-key'],
  ['SUPABASE_SERVICE_ROLE_KEY', fake.supabaseServiceRole(329), 'supabase-service-role-key'],
  ['SUPABASE_SECRET_KEY', fake.supabaseSecret(330), 'supabase-secret-key'],
  ['SUPABASE_ACCESS_TOKEN', fake.supabaseAccess(331), 'supabase-access-token'],
  ['DATABASE_URL', fake.databaseUrl(332), 'database-url'],
  ['STRIPE_SECRET_KEY', fake.stripe(333), 'stripe-secret-key'],
  ['SLACK_BOT_TOKEN', fake.slackBot(334), 'slack-token'],
  ['SLACK_WEBHOOK_URL', fake.slackWebhook(335), 'slack-webhook-url'],
  ['DISCORD_BOT_TOKEN', fakeParts.discordBot(336), 'discord-bot-token'],
  ['DISCORD_WEBHOOK_URL', fake.discordWebhook(337), 'discord-webhook-url'],
  ['TELEGRAM_BOT_TOKEN', fake.telegram(338), 'telegram-bot-token'],
  ['NPM_TOKEN', fake.npm(339), 'npm-access-token'],
  ['SENDGRID_API_KEY', fake.sendgrid(340), 'sendgrid-api-key'],
  ['VERCEL_TOKEN', fake.vercel(341), 'vercel-token'],
  ['AI_GATEWAY_API_KEY', fake.vercelAiGateway(342), 'vercel-ai-gateway-key'],
  ['CLOUDFLARE_API_TOKEN', fake.cloudflare(343), 'cloudflare-api-token'],
];

/** Every 32-character piece of every value: a report holding one holds part of a key. */
const pieces = ENV.flatMap(([, value]) => Array.from({ length: Math.max(1, value.length - 31) }, (_, i) => value.slice(i, i + 32)));

interface Finding {
  kind: string;
  rule: string;
  line: number;
  redacted: string;
}

test('a staged .env with a key of every provider is blocked with one redacted finding per key', async () => {
  const repo = tempRepo();
  repo.write('README.md', 'hello\n');
  repo.git('add', '.');
  repo.git('commit', '-qm', 'base');
  repo.write('.env', ENV.map(([name, value]) => `${name}=${value}\n`).join(''));
  repo.git('add', '.env');
  const run = await cli(repo.dir, ['--staged', '--format', 'json']);
  expect(run.exitCode, run.stderr).toBe(1);
  const secrets = (JSON.parse(run.stdout).findings as Finding[]).filter((f) => f.kind === 'secret');
  const expected = ENV.map(([, , rule, pairedAt], i) => (pairedAt ? undefined : [rule, i + 1])).filter((e) => e !== undefined);
  expect(secrets.map((f) => [f.rule, f.line])).toEqual(expected);
  for (const f of secrets) expect(f.redacted).toMatch(/…/);
  const leaked = pieces.findIndex((p) => run.stdout.includes(p) || run.stderr.includes(p));
  expect(leaked, 'a 32-character piece of a key in the output').toBe(-1);
});

describe('a folder scan large enough for a reader thread', () => {
  test('keeps files whose only hit is a context word in another case than the rule spells it', async () => {
    const repo = tempRepo();
    for (let i = 0; i < 300; i++) repo.write(`src/file${i}.ts`, `export const v${i} = ${i};\n`);
    const mistral = fakeParts.mistral(350);
    const cohere = fakeParts.cohere(351);
    repo.write('config/models.yaml', `Mistral:\n  api_key: "${mistral}"\n`);
    repo.write('config/cohere.json', `{ "COHERE": { "key": "${cohere}" } }\n`);
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    const run = await cli(repo.dir, ['--format', 'json']);
    expect(run.exitCode, run.stderr).toBe(1);
    const json = JSON.parse(run.stdout) as { findings: (Finding & { file: string })[] };
    expect(json.findings.map((f) => [f.file, f.rule])).toEqual([
      ['config/cohere.json', 'cohere-api-key'],
      ['config/models.yaml', 'mistral-api-key'],
    ]);
    expect(run.stdout.includes(mistral) || run.stdout.includes(cohere)).toBe(false);
  });
});
