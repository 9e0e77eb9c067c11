#!/usr/bin/env python3
"""Re-tests the mutants a Stryker run left alive, each in a fresh test process.

Stryker 5.1's Microsoft Testing Platform runner keeps one test host per worker and switches the active mutant through
a file, so a mutant in a static initializer (a guard's label or message, a table built once) is evaluated before
any mutant is active and can never be killed there. This script takes the mutated assembly that `eng/mutation.sh`
saved during the run and, for every surviving or uncovered mutant of the report, starts the test executable once
with only that mutant active (the same tests, the same environment). A failing test kills the mutant; a run longer
than the limit counts as a timeout, which Stryker also counts as detected.

Usage: eng/mutation-recheck.py <mutation-report.json> <saved test bin folder> [--jobs N] [--limit SECONDS]
Writes recheck.json beside the report and prints the per-file table and the mutants still alive.
"""
import argparse
import concurrent.futures
import json
import os
import struct
import subprocess
import sys
import tempfile
from collections import Counter

DETECTED = ("Killed", "Timeout")
UNDETECTED = ("Survived", "NoCoverage")


def run_mutant(exe, mutant_id, limit, env):
    with tempfile.NamedTemporaryFile(prefix="securityreset-mutant-", suffix=".bin", delete=False) as handle:
        handle.write(struct.pack("<i", int(mutant_id)))
        path = handle.name
    try:
        child_env = dict(env, STRYKER_MUTANT_FILE=path)
        result = subprocess.run([exe, "-noColor", "-stopOnFail"], cwd=os.path.dirname(exe), env=child_env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=limit)
        if result.returncode == 0:
            return "Survived", ""
        failed = [line.strip() for line in result.stdout.splitlines() if "[FAIL]" in line]
        return "Killed", (failed[0] if failed else f"exit code {result.returncode}")
    except subprocess.TimeoutExpired:
        return "Timeout", f"over {limit} s"
    finally:
        os.unlink(path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("bin")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=180)
    args = parser.parse_args()

    report = json.load(open(args.report))
    exe = os.path.join(os.path.abspath(args.bin), "SecurityReset.Core.Tests")
    env = dict(os.environ)
    env.update(SECURITYRESET_MUTATION_RUN="1", SECURITYRESET_MODEL_RUNS=env.get("SECURITYRESET_MODEL_RUNS", "50"),
               SECURITYRESET_FUZZ_INPUTS=env.get("SECURITYRESET_FUZZ_INPUTS", "500"))

    # The unmutated run must pass, or every "kill" below would mean nothing.
    baseline, detail = run_mutant(exe, -1, args.limit, env)
    if baseline != "Survived":
        sys.exit(f"the saved tests fail with no mutant active: {detail}")

    todo = [(path, mutant) for path, entry in report["files"].items() for mutant in entry["mutants"]
            if mutant["status"] in UNDETECTED]
    print(f"re-testing {len(todo)} mutants in fresh test processes", file=sys.stderr)
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_mutant, exe, mutant["id"], args.limit, env): mutant["id"] for _, mutant in todo}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            results[futures[future]] = future.result()
            print(f"  {done}/{len(todo)} mutant {futures[future]}: {results[futures[future]][0]}", file=sys.stderr)

    totals = Counter()
    alive = []
    rows = []
    for path, entry in sorted(report["files"].items()):
        counts = Counter()
        lines = entry["source"].split("\n")
        for mutant in entry["mutants"]:
            status = mutant["status"]
            if status in UNDETECTED:
                fresh, why = results[mutant["id"]]
                mutant["freshProcessStatus"] = fresh
                mutant["freshProcessDetail"] = why
                status = fresh if fresh in DETECTED else status
            if status in DETECTED + UNDETECTED:
                counts[status] += 1
            if status in UNDETECTED:
                line = mutant["location"]["start"]["line"]
                alive.append((path.split("/src/SecurityReset.Core/")[-1], line, status, mutant["mutatorName"],
                              mutant.get("replacement", ""), lines[line - 1].strip()))
        if sum(counts.values()):
            rows.append((path.split("/src/SecurityReset.Core/")[-1], counts))
            totals += counts

    json.dump(report, open(os.path.join(os.path.dirname(args.report), "recheck.json"), "w"), indent=1)
    print("| file | killed | timeout | survived | no coverage | score |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, c in rows + [("**all**", totals)]:
        detected = c["Killed"] + c["Timeout"]
        tested = detected + c["Survived"] + c["NoCoverage"]
        print(f"| {name} | {c['Killed']} | {c['Timeout']} | {c['Survived']} | {c['NoCoverage']} | {100 * detected / tested:.1f} % |")
    print()
    for name, line, status, mutator, replacement, source in alive:
        print(f"- `{name}:{line}` {status}, {mutator}: `{replacement[:90]}` in `{source[:100]}`")


if __name__ == "__main__":
    main()
