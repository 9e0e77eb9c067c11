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

cd tests/SecurityReset.Core.Tests
exec dotnet dotnet-stryker --concurrency "${MUTATION_CONCURRENCY:-1}" "${args[@]}" "$@"
