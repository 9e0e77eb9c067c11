#!/usr/bin/env bash
# Mutation testing of SecurityReset.Core with Stryker.NET (a local tool, see .config/dotnet-tools.json).
# Usage: eng/mutation.sh [Folder ...] [-- stryker options]
#   With no folder it mutates the folders listed in tests/SecurityReset.Core.Tests/stryker-config.json
#   (Workflow, Verification, Policies, Limits); with folders (e.g. `eng/mutation.sh Policies Limits`) only those.
# Stryker runs from the test project's folder: from the repository root it runs in solution context.
# The reliability suite is shrunk (its generated runs would dominate every mutant's test time); the machine is
# usually shared, so one test run at a time unless MUTATION_CONCURRENCY says otherwise.
# The report lands in tests/SecurityReset.Core.Tests/StrykerOutput/<date>/reports/ (not committed).
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
trap 'kill "$watcher" 2>/dev/null || true' EXIT

cd tests/SecurityReset.Core.Tests
dotnet dotnet-stryker --concurrency "${MUTATION_CONCURRENCY:-1}" "${args[@]}" "$@"
