#!/usr/bin/env bash
# The GitHub Action's scan step (action.yml), run in the workspace. One scan writes every report:
# SARIF to a file for code scanning, the chosen format (annotations by default) to the job log, and a
# Markdown job summary to $GITHUB_STEP_SUMMARY. On pull_request and push the scan covers the event's
# range (scan-keys ci); scope all or history scans the checked-out files or every commit instead.
# In a pull request the config and the baseline come from the base commit, never from the head, so a
# pull request cannot switch a rule off or baseline its own key by changing those files.
# Inputs come as environment variables; args are split on whitespace (no quoting, no globbing).
set -uo pipefail

action_path="${SCAN_KEYS_ACTION_PATH:?SCAN_KEYS_ACTION_PATH must name the folder of the action}"
scope="${INPUT_SCOPE:-range}"
format="${INPUT_FORMAT:-github}"
fail_on="${INPUT_FAIL_ON:-error}"
fail_on_empty="${INPUT_FAIL_ON_EMPTY:-true}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
sarif="${INPUT_SARIF_FILE:-$temp/scan-keys.sarif}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
event_name="${GITHUB_EVENT_NAME:-}"
read -r -a args <<< "${INPUT_ARGS:-}"
# Workflows written for the first action said "args: history"; that is scope history now.
if [ "$scope" = range ] && [ "${args[0]:-}" = history ]; then
  scope=history
  args=("${args[@]:1}")
fi

# The action's own scan-keys, built in its folder by the install step: nothing is fetched at scan time.
scan_keys() { node "$action_path/dist/cli/main.cjs" "$@"; }

# A step that cannot scan fails closed, with one line that says why, like scan-keys itself.
fail() {
  echo "scan-keys: $*" >&2
  echo "exit-code=2" >> "$outputs"
  exit 2
}

cd "${GITHUB_WORKSPACE:-.}" || fail "cannot enter the workspace ${GITHUB_WORKSPACE:-}"

# One field of the event payload (pull_request.base.sha), empty when absent; status 1 if the payload is unreadable.
event_field() {
  node -e '
    const fs = require("node:fs");
    let v = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    for (const k of process.argv[2].split(".")) v = v == null ? undefined : v[k];
    process.stdout.write(typeof v === "string" ? v : "");
  ' "$GITHUB_EVENT_PATH" "$1" 2>/dev/null
}

is_pull_request() { [ "$event_name" = pull_request ] || [ "$event_name" = pull_request_target ]; }

# --- Settings a pull request cannot change: the config and baseline of the base commit. ---

base=""
trusted=""
# Copies BASE:path into a folder of its own, keeping its name (a package.json is read by its key);
# prints the copy's path, or fails (status 1) if the base has no such file.
from_base() {
  local name="$1" copy
  git cat-file -e "$base:./$name" 2>/dev/null || return 1
  copy="$(mktemp -d "$trusted/file.XXXXXX")/$(basename -- "$name")" || return 1
  git show "$base:./$name" > "$copy" || fail "cannot read $name from the base commit $base"
  printf '%s' "$copy"
}

# The config scan-keys would find at the workspace root, taken from the base commit; an empty one (the defaults) if none.
base_config() {
  local name copy
  for name in scan-keys.config.json .scankeysrc.json; do
    if copy="$(from_base "$name")"; then printf '%s' "$copy"; return; fi
  done
  if copy="$(from_base package.json)"; then
    # A package.json without the key is no config; a broken one is left to scan-keys to report.
    if node -e '
      let p;
      try { p = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")); } catch { process.exit(0); }
      process.exit(p && typeof p === "object" && "scan-keys" in p ? 0 : 1);
    ' "$copy"; then
      printf '%s' "$copy"
      return
    fi
  fi
  printf '{}\n' > "$trusted/defaults.json"
  printf '%s' "$trusted/defaults.json"
}

# Rewrites args so that --config and --baseline name the base commit's copies, and adds them when absent.
trusted_args() {
  [ -n "${GITHUB_EVENT_PATH:-}" ] || fail "GITHUB_EVENT_PATH is not set: a $event_name run needs its event payload"
  base="$(event_field pull_request.base.sha)" || fail "cannot read the event payload $GITHUB_EVENT_PATH"
  [ -n "$base" ] || fail "the $event_name event payload has no pull_request.base.sha"
  git cat-file -e "$base^{commit}" 2>/dev/null ||
    fail "the pull request's base commit $base is not in this clone: check out with actions/checkout and fetch-depth: 0"
  trusted="$(mktemp -d "$temp/scan-keys-base.XXXXXX")" || fail "cannot make a temporary folder in $temp"
  local out=() has_config=false has_baseline=false i=0 arg name copy
  while [ "$i" -lt "${#args[@]}" ]; do
    arg="${args[$i]}"
    case "$arg" in
      --config | --baseline)
        i=$((i + 1))
        [ "$i" -lt "${#args[@]}" ] || fail "$arg needs a file"
        name="${args[$i]}" ;;
      --config=* | --baseline=*) name="${arg#*=}"; arg="${arg%%=*}" ;;
      *) out+=("$arg"); i=$((i + 1)); continue ;;
    esac
    copy="$(from_base "$name")" || fail "$arg $name: no such file in the base commit $base (in a pull request, config and baseline are read from the base)"
    out+=("$arg" "$copy")
    if [ "$arg" = --config ]; then has_config=true; else has_baseline=true; fi
    i=$((i + 1))
  done
  if [ "$has_config" = false ]; then out+=(--config "$(base_config)"); fi
  case " ${out[*]} " in *" --no-baseline "*) has_baseline=true ;; esac
  if [ "$has_baseline" = false ]; then
    if copy="$(from_base .scan-keys-baseline.json)"; then out+=(--baseline "$copy"); else out+=(--no-baseline); fi
  fi
  args=("${out[@]}")
}

if is_pull_request; then trusted_args; fi

# --- What to scan. ---

case "$scope" in
  range)
    if [ "$event_name" = push ] || is_pull_request; then
      command=(ci)
      if [ "$fail_on_empty" = true ]; then command+=(--fail-on-empty); fi
    else
      # Say so on a real event (schedule, workflow_dispatch); a run outside Actions has none to name.
      if [ -n "$event_name" ]; then echo "scan-keys: a $event_name event has no commit range: scanning the checked-out files" >&2; fi
      command=()
    fi ;;
  all) command=() ;;
  history) command=(history) ;;
  *) fail "scope must be range, all or history; got '$scope'" ;;
esac

# --- One scan, every report. ---

reports=(--output "sarif:$sarif")
if [ "$format" != sarif ]; then reports+=(--output "$format:-"); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then reports+=(--output "summary:$GITHUB_STEP_SUMMARY"); fi

scan_keys "${command[@]}" "${args[@]}" "${reports[@]}" --fail-on "$fail_on"
status=$?

if [ "$status" -le 1 ] && [ -s "$sarif" ]; then echo "sarif-file=$sarif" >> "$outputs"; fi
echo "exit-code=$status" >> "$outputs"
exit "$status"
