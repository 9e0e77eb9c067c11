#!/usr/bin/env bash
# Runs the full benchmark set and the footprint report, then copies the markdown results next to the README
# (results/). BenchmarkDotNet's own artifacts stay in BenchmarkDotNet.Artifacts/ (ignored by git).
#
#   bash benchmarks/SecurityReset.Benchmarks/update-results.sh            everything (about 10 minutes)
#   bash benchmarks/SecurityReset.Benchmarks/update-results.sh --quick    the short regression run instead
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

export DOTNET_NOLOGO=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1

artifacts="$root/BenchmarkDotNet.Artifacts"
rm -rf "$artifacts/results"
mkdir -p "$artifacts"
dotnet build -c Release benchmarks/SecurityReset.Benchmarks -nologo -v q
dotnet run -c Release --no-build --project benchmarks/SecurityReset.Benchmarks -- "$@" --filter '*' --artifacts "$artifacts" | tee "$artifacts/run.log"

mkdir -p "$here/results"
for report in "$artifacts"/results/*-report-github.md; do
  name="$(basename "$report")"
  name="${name#SecurityReset.Benchmarks.}"
  cp "$report" "$here/results/${name%-report-github.md}.md"
done
# The goals the run checked, as printed at its end.
sed -n '/^\/\/ \* Goals \*/,$p' "$artifacts/run.log" >"$here/results/Goals.txt"
dotnet run -c Release --no-build --project benchmarks/SecurityReset.Benchmarks -- --report "$here/results/Footprint.md" >/dev/null
echo "results copied to $here/results"
