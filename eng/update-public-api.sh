#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to PublicAPI.Unshipped.txt,
# and drops symbols reported as removed (RS0017). Review the diff before committing.
set -euo pipefail
project="${1:?usage: eng/update-public-api.sh src/<Project>}"
dir="$(cd "$project" && pwd)"
log="$(mktemp)"
dotnet build "$dir" -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= >"$log" 2>&1 || true
python3 - "$dir" "$log" <<'PY'
import re, sys
d, log = sys.argv[1], sys.argv[2]
text = open(log, encoding="utf-8").read()
added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", text))
removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", text))
path = f"{d}/PublicAPI.Unshipped.txt"
lines = [l for l in open(path, encoding="utf-8").read().splitlines() if l.strip()]
header = [l for l in lines if l.startswith("#")]
body = {l for l in lines if not l.startswith("#")} - removed | added
open(path, "w", encoding="utf-8").write("\n".join(header + sorted(body, key=lambda s: s.lower())) + "\n")
print(f"added {len(added)}, removed {len(removed)}")
PY
