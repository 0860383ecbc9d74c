import { UsageError } from '../errors.js';
import { parsePushLines, pushedRange } from '../history/range.js';
import { Repo } from '../sources/git.js';
import { scanRange } from './ci.js';
import type { Command } from './command.js';
import { PROBE_OPTIONS } from './probe-options.js';
import { SCAN_OPTIONS } from './settings.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * What the pre-push hook runs: git gives the remote's name and URL as
 * arguments and one line per ref pushed on stdin. It blocks (exit 1) a push
 * whose new commits hold a key, however they were committed (--no-verify,
 * another machine, a tool that skips hooks).
 */
export const prePushCommand: Command = {
  name: 'pre-push',
  summary: "the pre-push hook's scan: the commits being pushed that the remote lacks",
  usage: `scan-keys pre-push REMOTE [URL]
                                run by the pre-push hook (git's ref lines on stdin): the commits being pushed
                                that the remote lacks; exit 1 blocks the push`,
  options: { ...SCAN_OPTIONS, ...PROBE_OPTIONS },
  async run({ values, positionals }) {
    const [remote, , extra] = positionals;
    if (!remote || extra !== undefined) throw new UsageError('pre-push takes the remote name and URL git gives the hook, and reads the refs on stdin');
    if (process.stdin.isTTY) throw new UsageError("pre-push reads git's '<local ref> <local sha> <remote ref> <remote sha>' lines on stdin: git runs it from the pre-push hook");
    const repo = await Repo.open(process.cwd(), 'scan-keys pre-push');
    const range = await pushedRange(repo, remote, parsePushLines(await readStdin()));
    const code = await scanRange(repo, range, values);
    if (code === 1) {
      process.stderr.write(
        'scan-keys: the push was stopped: the commits being pushed hold a key. Take it out of those commits\n' +
          'scan-keys: (git commit --amend for the last one, git rebase -i for older ones), rotate it, then push again.\n',
      );
    }
    return code;
  },
};
