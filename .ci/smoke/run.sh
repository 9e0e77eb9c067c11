#!/usr/bin/env bash
# Packaging smoke check: packs SecurityReset.Core and SecurityReset.InMemory, then restores, builds and runs
# .ci/smoke/Consumer against those packages, from a copy outside the repository with a local folder feed added to
# the usual sources.
# Exits non-zero when any step fails or the consumer reports a wrong result.
#
#   bash .ci/smoke/run.sh            pack (building as needed), then check
#   bash .ci/smoke/run.sh --no-build pack what `dotnet build -c Release` already built
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
package_ids=(SecurityReset.Core SecurityReset.InMemory)
version="0.1.0"
pack_args=()
if [[ "${1:-}" == "--no-build" ]]; then
  pack_args+=(--no-build)
fi

work="$(mktemp -d -t securityreset-smoke.XXXXXX)"
trap 'rm -rf "$work"' EXIT
case "$work/" in
  "$root"/*) echo "smoke: the temporary folder $work is inside the repository; set TMPDIR elsewhere" >&2; exit 1 ;;
esac
feed="$work/feed"
consumer="$work/consumer"
packages="$work/packages"
log="$work/step.log"

# Runs one step quietly; prints its output only when it fails.
step() {
  local name="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    echo "smoke: FAILED: $name" >&2
    cat "$log" >&2
    exit 1
  fi
}

for package_id in "${package_ids[@]}"; do
  step "pack $package_id" dotnet pack "$root/src/$package_id/$package_id.csproj" -c Release -o "$feed" -nologo "${pack_args[@]}"
  for file in "$feed/$package_id.$version.nupkg" "$feed/$package_id.$version.snupkg"; do
    if [[ ! -f "$file" ]]; then
      echo "smoke: FAILED: pack did not produce $(basename "$file"); it produced:" >&2
      ls -l "$feed" >&2
      exit 1
    fi
  done
  echo "smoke: packed $package_id.$version.nupkg and its symbol package"
done

# The consumer, outside the repository. Empty Directory.Build.* files stop MSBuild from looking further up.
mkdir -p "$consumer"
cp "$root/.ci/smoke/Consumer/Consumer.csproj" "$root/.ci/smoke/Consumer/Program.cs" "$consumer/"
for stop in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' >"$work/$stop"
done
# The local feed comes in addition to the sources the machine already has (no <clear />), so the
# dependencies restore as usual.
cat >"$consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="securityreset-smoke" value="$feed" />
  </packageSources>
</configuration>
XML

# A packages folder of its own: a copy of a package at $version cached by an earlier run cannot stand in for
# the fresh pack.
step "restore" dotnet restore "$consumer/Consumer.csproj" --packages "$packages" -nologo
for package_id in "${package_ids[@]}"; do
  restored="$packages/${package_id,,}/$version/${package_id,,}.$version.nupkg"
  if ! cmp -s "$feed/$package_id.$version.nupkg" "$restored"; then
    echo "smoke: FAILED: the restored $package_id $version is not the package just packed" >&2
    exit 1
  fi
done
step "build" dotnet build "$consumer/Consumer.csproj" -c Release --no-restore -nologo

if ! output="$(dotnet "$consumer/bin/Release/net10.0/Consumer.dll" 2>&1)"; then
  echo "$output" >&2
  echo "smoke: FAILED: the consumer exited non-zero" >&2
  exit 1
fi
echo "$output"
