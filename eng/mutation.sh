#!/usr/bin/env bash
# Mutation testing of SecurityReset.Core with Stryker.NET (a local tool, see .config/dotnet-tools.json).
# Usage: eng/mutation.sh [Folder ...] [-- stryker options]
#   With no folder it mutates the folders listed in tests/SecurityReset.Core.Tests/stryker-config.json
#   (Workflow, Verification, Policies); with folders (e.g. `eng/mutation.sh Policies Limits`) only those.
# Stryker runs from the test project's folder: from the repository root it runs in solution context.
# The reliability suite is shrunk (its generated runs would dominate every mutant's test time); the machine is
# usually shared, so one test run at a time unless MUTATION_CONCURRENCY says otherwise.
# The report lands in tests/SecurityReset.Core.Tests/StrykerOutput/<date>/reports/ (not committed), with recheck.md and
# recheck.json: the surviving mutants tested again in fresh processes (needs python3, see below).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null

args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  args+=(--mutate "**/$1/**/*.cs")
  shift
done
[ "${1:-}" = "--" ] && shift

export SECURITYRESET_MODEL_RUNS="${SECURITYRESET_MODEL_RUNS:-50}"
export SECURITYRESET_FUZZ_INPUTS="${SECURITYRESET_FUZZ_INPUTS:-500}"
# The enumeration distinguisher, the leak scan and the three-day budget loop (seconds each, nothing in the mutated
# folders of their own) skip themselves; the truncated-payload property samples its lengths.
export SECURITYRESET_MUTATION_RUN=1

# Stryker 5.1's MTP runner (a preview) waits on every coverage relay file a test host ever made, also those of hosts
# it discarded after a slow test: from then on each test waits out 10 s and is marked dubious. A relay whose
# acknowledgement lags the request by three or more belongs to such a host; removing it lets the capture go on.
tmp="${TMPDIR:-/tmp}"
(
  while sleep 3; do
    for relay in "$tmp"/stryker-epoch-*-*-*.txt; do
      [ -e "$relay" ] || continue
      base="${relay%-*}.txt"
      [ -e "$base" ] && [ "$base" != "$relay" ] || continue
      request=$(od -An -td4 -N4 "$base" 2>/dev/null | tr -d ' ')
      ack=$(od -An -td4 -j4 -N4 "$relay" 2>/dev/null | tr -d ' ')
      if [ -n "$request" ] && [ -n "$ack" ] && [ $((request - ack)) -ge 3 ]; then rm -f "$relay"; fi
    done
  done
) &
watcher=$!

# The runner also keeps each test host for the whole run, so a mutant in a static initializer (a guard's label or
# message) is evaluated before any mutant is active and always survives there. The mutated test folder is saved as
# soon as Stryker places the mutated assembly; afterwards eng/mutation-recheck.py starts the tests once per mutant
# left alive, in a fresh process with only that mutant active (MUTATION_RECHECK=0 skips this).
bin="$root/tests/SecurityReset.Core.Tests/bin/Release/net10.0"
saved="$root/tests/SecurityReset.Core.Tests/StrykerOutput/mutated-bin"
rm -rf "$saved"
(
  until grep -qaF "Stryker" "$bin/SecurityReset.Core.dll" 2>/dev/null; do sleep 5; done
  sleep 2
  cp -a "$bin" "$saved.partial" && mv "$saved.partial" "$saved"
) &
saver=$!
trap 'kill "$watcher" "$saver" 2>/dev/null || true' EXIT

cd tests/SecurityReset.Core.Tests
dotnet dotnet-stryker --concurrency "${MUTATION_CONCURRENCY:-1}" "${args[@]}" "$@"

report=$(ls -td StrykerOutput/*/reports 2>/dev/null | head -1)/mutation-report.json
if [ "${MUTATION_RECHECK:-1}" != "0" ] && [ -f "$report" ] && [ -d "$saved" ]; then
  mv "$saved" "$(dirname "$(dirname "$report")")/mutated-bin"
  python3 "$root/eng/mutation-recheck.py" "$report" "$(dirname "$(dirname "$report")")/mutated-bin" \
    --jobs "${MUTATION_CONCURRENCY:-1}" | tee "$(dirname "$report")/recheck.md"
fi
