import { defineRule } from './define.js';
import { fake } from './fake.js';
import { END, START } from './patterns.js';
import type { Rule } from './rule.js';

/**
 * GitLab personal access tokens: the 20-character legacy form, and the
 * routable form (GitLab 17.x): a base64url payload, `.`, 2 base36 characters
 * (the payload's length), then 9 base36 (with or without a second `.`).
 */
export const gitlabPersonalToken = defineRule({
  id: 'gitlab-personal-token',
  provider: 'gitlab',
  title: 'GitLab personal access token',
  keywords: ['glpat-'],
  source: `${START}glpat-(?:[A-Za-z0-9_-]{20}${END}|[A-Za-z0-9_-]{27,300}\\.[0-9a-z]{2}(?:\\.[0-9a-z]{9}|[0-9a-z]{7})${END})`,
  prefixes: ['glpat-'],
  body: (s) => s.slice(6).split('.')[0] ?? '',
  rotateAt: 'https://gitlab.com/-/user_settings/personal_access_tokens',
  match: () => [fake.gitlab(), fake.gitlabRoutable()],
  ignore: () => ['glpat-...', 'glpat-xxxxxxxxxxxxxxxxxxxx', 'GITLAB_TOKEN=glpat-YOUR_TOKEN_HERE', `glpat-${'x'.repeat(36)}.01.abcdefghi`],
});

export const gitlabRules: readonly Rule[] = [gitlabPersonalToken];
