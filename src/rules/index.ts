import { aiProviderRules } from './ai-providers.js';
import { contextRules } from './ai-context.js';
import { anthropicRules } from './anthropic.js';
import { awsRules } from './aws.js';
import { cloudflareRules } from './cloudflare.js';
import { databaseUrlRules } from './database-url.js';
import { discordRules } from './discord.js';
import { githubRules } from './github.js';
import { gitlabRules } from './gitlab.js';
import { googleRules } from './google.js';
import { npmRules } from './npm.js';
import { openaiRules } from './openai.js';
import { privateKeyRules } from './private-key.js';
import type { Rule } from './rule.js';
import { sendgridRules } from './sendgrid.js';
import { slackRules } from './slack.js';
import { stripeRules } from './stripe.js';
import { supabaseRules } from './supabase.js';
import { telegramRules } from './telegram.js';
import { vercelRules } from './vercel.js';

export type { Rule, Severity, Verdict } from './rule.js';

/** Every built-in rule. A new provider adds one file and one line here. */
export const builtinRules: readonly Rule[] = [
  ...openaiRules,
  ...anthropicRules,
  ...googleRules,
  ...aiProviderRules,
  ...contextRules,
  ...githubRules,
  ...gitlabRules,
  ...awsRules,
  ...privateKeyRules,
  ...supabaseRules,
  ...databaseUrlRules,
  ...stripeRules,
  ...slackRules,
  ...discordRules,
  ...telegramRules,
  ...npmRules,
  ...sendgridRules,
  ...vercelRules,
  ...cloudflareRules,
];
