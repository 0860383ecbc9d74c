import { describe, expect, test } from 'vitest';
import { fake } from '../src/rules/fake.js';
import { repositoryUri } from '../src/report/sarif.js';
import { withoutCredentials } from '../src/scan-target.js';

const token = fake.githubClassic(9131);

describe('a remote URL without credentials', () => {
  test.each([
    ['https://alice:secret-pw@example.com/org/app.git', 'https://example.com/org/app.git'],
    [`https://${token}@example.com/org/app.git`, 'https://example.com/org/app.git'],
    [`https://x-access-token:${token}@example.com/org/app.git`, 'https://example.com/org/app.git'],
    ['https://example.com/org/app.git?private_token=abc123#frag', 'https://example.com/org/app.git'],
    ['http://bob@example.com:8080/app.git', 'http://example.com:8080/app.git'],
    // ssh authenticates with keys: the user name is an address, the password is not kept.
    ['ssh://git@example.com/org/app.git', 'ssh://git@example.com/org/app.git'],
    ['ssh://git:secret-pw@example.com:2222/org/app.git', 'ssh://git@example.com:2222/org/app.git'],
    ['git@example.com:org/app.git', 'git@example.com:org/app.git'],
    ['bob:secret-pw@example.com:org/app.git', 'example.com:org/app.git'],
    // An @ in the path of a scp-like URL or of a local path is no user name.
    ['example.com:dir@2/app.git', 'example.com:dir@2/app.git'],
    ['/srv/git/team@work/app.git', '/srv/git/team@work/app.git'],
    ['../sibling', '../sibling'],
    // Not a URL Node can parse: the userinfo is still cut.
    ['https://alice:secret-pw@exa mple.com/app.git', 'https://exa mple.com/app.git'],
  ])('%s -> %s', (url, expected) => {
    expect(withoutCredentials(url)).toBe(expected);
  });
});

describe("SARIF's repositoryUri", () => {
  test.each([
    ['https://example.com/org/app.git', 'https://example.com/org/app.git'],
    ['git@example.com:org/app.git', 'ssh://git@example.com/org/app.git'],
    ['example.com:/srv/app.git', 'ssh://example.com/srv/app.git'],
    ['/srv/git/my app.git', 'file:///srv/git/my%20app.git'],
  ])('%s -> %s', (repository, expected) => {
    expect(repositoryUri(repository)).toBe(expected);
  });

  test('a relative path names no place a viewer could find', () => {
    expect(repositoryUri('../sibling')).toBeUndefined();
  });
});
