import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';

/** Bot, user, app-level and configuration/refresh tokens, each in its documented shape. */
const TOKEN = [
  'xoxb-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}',
  'xoxp-[0-9]{10,13}-[0-9]{10,13}-[0-9]{10,13}-[a-f0-9]{32}',
  'xoxe\\.xox[bp]-1-[A-Za-z0-9]{163,166}',
  'xoxe-1-[A-Za-z0-9]{146}',
  'xapp-1-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}',
].join('|');

export const slackToken = defineRule({
  id: 'slack-token',
  provider: 'slack',
  title: 'Slack token (bot, user, app or configuration)',
  keywords: ['xox', 'xapp-1-'],
  source: `${START}(?:${TOKEN})${END}`,
  prefixes: ['xoxe.xoxb-', 'xoxe.xoxp-', 'xapp-1-', 'xoxb-', 'xoxp-', 'xoxe-'],
  body: (s) => s.slice(s.lastIndexOf('-') + 1),
  minEntropy: 3,
  rotateAt: 'https://api.slack.com/apps',
  match: () => [fake.slackBot(), fake.slackUser(), fake.slackApp()],
  ignore: () => ['xoxb-...', 'xoxb-123-456-abc', 'SLACK_BOT_TOKEN=xoxb-your-token-here', ['xoxb', '1234567890', '1234567890', 'x'.repeat(24)].join('-')],
});

export const slackWebhookUrl = defineRule({
  id: 'slack-webhook-url',
  provider: 'slack',
  title: 'Slack incoming webhook URL',
  keywords: ['hooks.slack.com'],
  source: `${START}https://hooks\\.slack\\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}(?![A-Za-z0-9])`,
  body: (s) => s.slice(s.lastIndexOf('/') + 1),
  rotateAt: 'https://api.slack.com/apps',
  match: () => [fake.slackWebhook()],
  ignore: () => [
    'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
    'https://hooks.slack.com/services/...',
    'https://hooks.slack.com/services/YOUR/WEBHOOK/URL',
  ],
});

export const slackRules: readonly Rule[] = [slackToken, slackWebhookUrl];
