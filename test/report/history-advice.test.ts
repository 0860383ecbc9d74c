import { describe, expect, test } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { shown } from '../../src/redact.js';
import { historyAdvice, historyPlan } from '../../src/report/history-advice.js';
import { fake } from '../../src/rules/fake.js';
import { secretFinding } from '../support/findings.js';

/** A history finding whose commit the given refs reach. */
function inHistory(key: string, refs: readonly string[] | undefined): Finding {
  const f = secretFinding('openai-project-key', key, { commit: { sha: 'a'.repeat(40), author: 'A <a@example.invalid>', date: '2026-01-01T00:00:00+00:00' } });
  return { ...f, commit: { ...(f.commit as NonNullable<Finding['commit']>), ...(refs ? { refs: refs.map((r) => shown(r)) } : {}) } };
}

const text = (lines: readonly string[]) => lines.join('\n');

describe('historyAdvice', () => {
  test('side branches only (local and remote copies): delete them, no rewrite', () => {
    const advice = text(historyAdvice(inHistory(fake.openaiProject(1), ['refs/heads/topic', 'refs/remotes/upstream/topic'])));
    expect(advice).toContain('Rotate first');
    expect(advice).toContain('git branch -D topic');
    expect(advice).toContain('git push upstream --delete topic');
    expect(advice).not.toContain('filter-repo');
  });

  test.each([
    ['the default branch', ['refs/heads/topic', 'refs/heads/main']],
    ['a tag', ['refs/heads/topic', 'refs/tags/v1']],
    ["a remote's HEAD", ['refs/remotes/origin/HEAD', 'refs/remotes/origin/topic']],
    ['the stash', ['refs/stash']],
    ['no ref at all', []],
  ])('%s reaching the commit means rewriting and force-pushing', (_name, refs) => {
    const advice = text(historyAdvice(inHistory(fake.openaiProject(2), refs)));
    expect(advice).toContain('git filter-repo --replace-text');
    expect(advice).toContain('git push --force --all');
    expect(advice).not.toContain('git branch -D');
  });

  test('refs not looked up: the rewrite plan, never a guess', () => {
    expect(text(historyAdvice(inHistory(fake.openaiProject(3), undefined)))).toContain('git filter-repo');
  });

  test('a key at two places, one on main: the side branch alone does not hold it', () => {
    const key = fake.openaiProject(4);
    const advice = text(historyAdvice(inHistory(key, ['refs/heads/topic']), [inHistory(key, ['refs/heads/topic']), inHistory(key, ['refs/heads/main'])]));
    expect(advice).toContain('git filter-repo');
  });
});

describe('historyPlan', () => {
  test('one key on main and one on a side branch: the rewrite plan for one, the deletion for the other', () => {
    const plan = text(historyPlan([inHistory(fake.openaiProject(5), ['refs/heads/main']), inHistory(fake.openaiProject(6), ['refs/heads/spike'])]));
    expect(plan).toContain('History holds 2 keys.');
    expect(plan).toContain('git filter-repo --replace-text');
    expect(plan).toContain('is only on side branches');
    expect(plan).toContain('git branch -D spike');
  });
});
