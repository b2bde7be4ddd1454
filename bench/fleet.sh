#!/usr/bin/env bash
# Fleets: `runner run bench/fleet/workflow.yaml --targets T --parallel 16` over 1, 50 and 200 namespaces of the
# local API server (module local), in one run: time(N)/time(1), API requests per target (counted by the API
# server; a single run without --targets is the baseline) and the runner's peak RSS (/usr/bin/time).
# The workflow is configure-backup's Kubernetes side without postgres (see its description): configure-backup
# itself needs a running postgres per namespace, and 200 of them do not fit on a 2-core machine.
# Args: the sizes (default 1 50 200). Env: BENCH_PARALLEL (default 16).
set -euo pipefail
cd "$(dirname "$0")/.."
./runner --version >/dev/null # builds the runner (and the local module) when needed
. scripts/java-cmd.sh
runner_java_cmd "$PWD" nocache
cp=
for ((i = 0; i < ${#java_cmd[@]}; i++)); do
  [ "${java_cmd[$i]}" = -cp ] && cp=${java_cmd[$((i + 1))]}
done
boot=$(sed -n 's/^-Xbootclasspath\/a://p' <(printf '%s\n' "${java_cmd[@]}"))
exec java ${boot:+-Xbootclasspath/a:$boot} -cp "$cp" bench/FleetBench.java "$@"
