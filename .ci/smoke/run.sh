#!/usr/bin/env bash
# Packaging smoke check: packs SecurityReset.Core, SecurityReset.InMemory and SecurityReset.AspNetCore, then
# restores, builds and runs two projects against those packages, each from a copy outside the repository with a local
# folder feed added to the usual sources: .ci/smoke/Consumer (a console app on the service) and
# .ci/smoke/WebConsumer (a web app on the endpoints, started on a loopback port; a case is opened over HTTP with
# POST /security-reset/cases and the answer must be 201 or 200 with an X-Reset-Case handle; /healthz must say Healthy).
# Exits non-zero when any step fails or a consumer reports a wrong result.
#
#   bash .ci/smoke/run.sh            pack (building as needed), then check
#   bash .ci/smoke/run.sh --no-build pack what `dotnet build -c Release` already built
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
package_ids=(SecurityReset.Core SecurityReset.InMemory SecurityReset.AspNetCore)
version="0.1.0"
pack_args=()
if [[ "${1:-}" == "--no-build" ]]; then
  pack_args+=(--no-build)
fi

work="$(mktemp -d -t securityreset-smoke.XXXXXX)"
web_pid=""
# Stops the web consumer if it is still running, then removes the temporary folder.
cleanup() {
  if [[ -n "$web_pid" ]] && kill -0 "$web_pid" 2>/dev/null; then
    kill "$web_pid" 2>/dev/null || true
    wait "$web_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
case "$work/" in
  "$root"/*) echo "smoke: the temporary folder $work is inside the repository; set TMPDIR elsewhere" >&2; exit 1 ;;
esac
feed="$work/feed"
consumer="$work/consumer"
web="$work/web"
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

# The consumers, outside the repository. Empty Directory.Build.* files stop MSBuild from looking further up.
mkdir -p "$consumer" "$web"
cp "$root/.ci/smoke/Consumer/Consumer.csproj" "$root/.ci/smoke/Consumer/Program.cs" "$consumer/"
cp "$root/.ci/smoke/WebConsumer/WebConsumer.csproj" "$root/.ci/smoke/WebConsumer/Program.cs" "$web/"
for stop in Directory.Build.props Directory.Build.targets Directory.Packages.props; do
  echo '<Project />' >"$work/$stop"
done
# The local feed comes in addition to the sources the machine already has (no <clear />), so the
# dependencies restore as usual. Both consumers find it in the folder above them.
cat >"$work/nuget.config" <<XML
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
step "restore the web consumer" dotnet restore "$web/WebConsumer.csproj" --packages "$packages" -nologo
for package_id in "${package_ids[@]}"; do
  restored="$packages/${package_id,,}/$version/${package_id,,}.$version.nupkg"
  if ! cmp -s "$feed/$package_id.$version.nupkg" "$restored"; then
    echo "smoke: FAILED: the restored $package_id $version is not the package just packed" >&2
    exit 1
  fi
done
step "build" dotnet build "$consumer/Consumer.csproj" -c Release --no-restore -nologo
step "build the web consumer" dotnet build "$web/WebConsumer.csproj" -c Release --no-restore -nologo

if ! output="$(dotnet "$consumer/bin/Release/net10.0/Consumer.dll" 2>&1)"; then
  echo "$output" >&2
  echo "smoke: FAILED: the consumer exited non-zero" >&2
  exit 1
fi
echo "$output"

# The web consumer, as a process on a loopback port the system picks; it prints the address once it listens.
web_log="$work/web.log"
dotnet "$web/bin/Release/net10.0/WebConsumer.dll" --urls "http://127.0.0.1:0" --environment Production >"$web_log" 2>&1 &
web_pid=$!
address=""
for _ in $(seq 1 120); do
  address="$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9][0-9]*\)$/\1/p' "$web_log" | head -n 1)"
  [[ -n "$address" ]] && break
  if ! kill -0 "$web_pid" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [[ -z "$address" ]]; then
  cat "$web_log" >&2
  echo "smoke: FAILED: the web consumer did not start listening" >&2
  exit 1
fi

# Opens a signed-out case for the account the web consumer knows. Loopback only: no proxy.
headers="$work/open.headers"
body="$work/open.json"
if ! status="$(curl --silent --show-error --noproxy '*' --max-time 30 -X POST "$address/security-reset/cases" \
    -H 'Content-Type: application/json' -d '{"identifier":"web@example.com","entryPoint":"ForgotPassword"}' \
    -D "$headers" -o "$body" -w '%{http_code}' 2>"$log")"; then
  cat "$log" "$web_log" >&2
  echo "smoke: FAILED: POST /security-reset/cases did not get an answer" >&2
  exit 1
fi
handle="$(tr -d '\r' <"$headers" | sed -n 's/^[Xx]-[Rr]eset-[Cc]ase: *//p' | head -n 1)"
if [[ "$status" != "201" && "$status" != "200" ]] || [[ -z "$handle" ]]; then
  echo "smoke: FAILED: POST /security-reset/cases answered $status, X-Reset-Case ${handle:+present}${handle:-missing}" >&2
  cat "$headers" "$body" "$web_log" >&2
  exit 1
fi
state="$(sed -n 's/.*"state":"\([A-Za-z]*\)".*/\1/p' "$body")"

# The background jobs' health check, as the host maps it.
if ! health="$(curl --silent --show-error --noproxy '*' --max-time 30 "$address/healthz" 2>"$log")" || [[ "$health" != "Healthy" ]]; then
  cat "$log" "$web_log" >&2
  echo "smoke: FAILED: GET /healthz answered '${health:-}', not Healthy" >&2
  exit 1
fi

kill "$web_pid" 2>/dev/null || true
wait "$web_pid" 2>/dev/null || true
web_pid=""
grep '^smoke: ' "$web_log"
echo "smoke: ok, POST /security-reset/cases on SecurityReset.AspNetCore answered $status${state:+ ($state)} with an X-Reset-Case handle of ${#handle} characters"
echo "smoke: ok, GET /healthz answered $health with the background jobs running"
