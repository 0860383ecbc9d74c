#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml), run in the workspace: scan-keys writes the SARIF file,
# then, unless the format asked for is sarif, runs again to print that format to the job log.
# Inputs come as environment variables; args are split on whitespace (no quoting, no globbing).
set -uo pipefail

action_path="${SCAN_KEYS_ACTION_PATH:?SCAN_KEYS_ACTION_PATH must name the folder of the action}"
format="${INPUT_FORMAT:-github}"
fail_on="${INPUT_FAIL_ON:-error}"
sarif="${INPUT_SARIF_FILE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/scan-keys.sarif}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
read -r -a args <<< "${INPUT_ARGS:-}"

# The action's own scan-keys, resolved from its folder and run here; --no: npx never downloads anything.
scan_keys() { npx --prefix "$action_path" --no -- scan-keys "$@"; }

scan_keys "${args[@]}" --format sarif --output "$sarif" --fail-on "$fail_on"
status=$?
if [ "$status" -le 1 ] && [ "$format" != sarif ]; then
  scan_keys "${args[@]}" --format "$format" --fail-on "$fail_on"
  status=$?
fi

if [ -s "$sarif" ]; then echo "sarif-file=$sarif" >> "$outputs"; fi
echo "exit-code=$status" >> "$outputs"
exit "$status"
