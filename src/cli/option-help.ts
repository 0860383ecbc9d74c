import { DEFAULT_PROBE_TIMEOUT_S } from './probe-options.js';

/** How one form of an option is written (its argument) and what it does. */
export interface OptionForm {
  readonly arg?: string;
  readonly text: string;
}

/**
 * What every option of the built-in commands means, by its long name: the
 * global help, each command's help and the parser's "needs a value" message
 * all read it, so they cannot disagree. An option listed here twice in
 * forms (--output) has one line per form. A command may describe an option
 * of its own in Command.optionHelp instead.
 */
export const OPTION_HELP: Readonly<Record<string, readonly OptionForm[]>> = {
  format: [{ arg: 'text|json|sarif|github|html|summary', text: 'report format (default text)' }],
  output: [
    { arg: 'FILE', text: 'write the report to FILE instead of stdout, in --format or the format its name ends in (.html, .sarif, .json); one line on stderr says what it holds' },
    { arg: 'FORMAT:FILE', text: 'write this format to FILE (- is stdout); repeat it for several reports from one scan' },
  ],
  'fail-on': [{ arg: 'error|warning|never', text: 'exit 1 on findings at or above this severity (default error)' }],
  staged: [{ text: 'scan what is staged for commit (the index), only the lines it adds' }],
  'all-lines': [{ text: 'with --staged: report every line of the staged files, not only added lines' }],
  'dry-run': [{ text: 'change nothing: init and fix-env show what they would do; a scan reports and exits 0 (what it would block, it says)' }],
  config: [
    {
      arg: 'FILE',
      text: 'use this config file (default: scan-keys.config.json, .scankeysrc.json or package.json "scan-keys", the first found from here up to the repository root)',
    },
  ],
  baseline: [{ arg: 'FILE', text: 'skip the findings listed in FILE (default .scan-keys-baseline.json)' }],
  'no-baseline': [{ text: 'report baselined findings too' }],
  explain: [{ text: 'text: every finding with its full explanation, not one line each (scan-keys explain RULE for one rule)' }],
  'show-suppressed': [{ text: 'list the findings let through (allow comments, baseline, config allow), and why' }],
  'no-inline-allow': [{ text: 'ignore allow comments (audit what they let through)' }],
  'no-cache': [{ text: 'with history: neither read nor write the cache of blobs already scanned clean (.git/scan-keys/clean-blobs)' }],
  'purge-plan': [{ arg: 'FILE', text: 'with history: write a git filter-repo --replace-text file for the keys found' }],
  base: [{ arg: 'REV', text: 'with ci: scan the commits of --head that REV lacks' }],
  head: [{ arg: 'REV', text: 'with ci: the commits to scan (default HEAD)' }],
  'fail-on-empty': [{ text: 'with ci: exit 2 when the range holds no commits (a tag push is not empty)' }],
  'pre-push': [{ text: 'with init: also install a pre-push hook that scans the commits a push sends' }],
  uninstall: [{ text: 'with init: remove what init added' }],
  history: [{ text: 'with baseline: record the findings of the history instead of the files' }],
  prune: [{ text: 'with baseline: drop entries no longer found' }],
  import: [{ arg: 'FILE', text: 'with baseline: add what a gitleaks report, .gitleaksignore or detect-secrets baseline accepted' }],
  probe: [{ text: "ask each key's provider whether it is live (sends the key to the provider)" }],
  'probe-timeout': [{ arg: 'S', text: `seconds to wait for each probe answer (default ${DEFAULT_PROBE_TIMEOUT_S})` }],
  'no-color': [{ text: 'no colours (NO_COLOR and FORCE_COLOR are honoured too)' }],
  quiet: [{ text: 'print findings only (and one line on stderr if files were skipped)' }],
  help: [{ text: 'this help' }],
  version: [{ text: 'the version' }],
};
