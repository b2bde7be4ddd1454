#!/usr/bin/env bash
# Cold start of `runner validate` (a fresh JVM per run, started exactly as ./runner starts it, without the
# launcher's build check) on every shipped workflow and a generated 200-step workflow, against
# `kubectl version --client` (a Go CLI) measured in the same run. Prints medians and ratios; target ≤ 5×.
#   bench/validate-coldstart.sh [RUNS]      (./build bench builds first)
set -euo pipefail
cd "$(dirname "$0")/.."
# Other load on a small machine moves both sides of the ratio; a real-time priority keeps that out where
# allowed (root). RUNNER_BENCH_CHRT=0 measures without it.
if [ "${RUNNER_BENCH_CHRT:-1}" = 1 ] && [ "$(id -u)" = 0 ] && command -v chrt >/dev/null && [ -z "${IN_CHRT:-}" ]; then
  IN_CHRT=1 exec chrt -f 50 "$0" "$@"
fi
runs=${1:-15}
b=.runner-build
[ -f "$b/classpath" ] || { echo "no build: run ./build first" >&2; exit 1; }
# shellcheck source=../scripts/java-cmd.sh
. scripts/java-cmd.sh
runner_java_cmd "$(pwd)"
runner="${java_cmd[*]}"
case "$runner" in
  *-XX:AOTCache=*) cache="AOT cache" ;;
  *-XX:SharedArchiveFile=*) cache="AppCDS" ;;
  *) cache="none" ;;
esac
jdk="$("${java_cmd[0]}" -XX:-UsePerfData -version 2>&1 | head -1)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A 200-step workflow: params, needs chains and fan-in, expressions, conditions, both built-in types.
{
  printf 'apiVersion: runner/v1\nkind: Workflow\nname: big\ndescription: generated for the benchmark\n'
  printf 'params:\n  ns: {type: string, default: hasura}\n  loud: {type: bool, default: false}\n'
  printf '  token: {type: string, secret: true, required: false}\nsteps:\n'
  for i in $(seq 1 200); do
    printf '  - id: s%d\n' "$i"
    if [ "$i" -gt 1 ]; then
      prev=$((i - 1))
      if [ $((i % 10)) -eq 0 ] && [ "$i" -gt 10 ]; then printf '    needs: [s%d, s%d]\n' "$prev" $((i - 10)); else printf '    needs: [s%d]\n' "$prev"; fi
    fi
    if [ $((i % 2)) -eq 0 ]; then
      printf '    type: shell\n    timeout: 30s\n    with:\n      run: echo step %d in ${params.ns}\n      env: {PREV: "${steps.s%d.outputs.stdout}"}\n' "$i" $((i - 1))
    else
      printf '    type: log\n'
      [ $((i % 7)) -eq 0 ] && printf '    when: ${params.loud} && ${params.ns} != "default"\n'
      printf '    with: {message: "step %d of ${params.ns}"}\n' "$i"
    fi
  done
} > "$tmp/big-200.yaml"

files=(workflows/*.yaml)
names=(kubectl)
cmds=("kubectl version --client")
for f in "${files[@]}" "$tmp/big-200.yaml"; do
  [ -f "$f" ] || { echo "missing $f" >&2; exit 1; }
  if ! $runner validate "$f" >/dev/null 2>"$tmp/err"; then
    echo "warning: $f is not valid, timing its validation anyway: $(head -1 "$tmp/err")" >&2
  fi
  names+=("validate $(basename "$f")")
  cmds+=("$runner validate $f")
done
names+=("validate big-200.yaml, java on PATH, no flags")
cmds+=("java -cp $(<"$b/bootclasspath"):$(<"$b/classpath") dev.runner.cli.Main validate $tmp/big-200.yaml")

load_before=$(cut -d' ' -f1 /proc/loadavg)
medians=()
cpus=()
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N -i --warmup 2 --runs "$runs" --style none --export-json "$tmp/h.json" "${cmds[@]}" >/dev/null 2>&1
  mapfile -t medians < <(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(round(r["median"]*1000))' "$tmp/h.json")
  mapfile -t cpus < <(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1]))["results"]: print(round((r["user"]+r["system"])*1000))' "$tmp/h.json")
  how="hyperfine, $runs runs each"
else
  for c in "${cmds[@]}"; do
    $c >/dev/null 2>&1 || true
    ts=()
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N); $c >/dev/null 2>&1 || true; t1=$(date +%s%N)
      ts+=($(((t1 - t0) / 1000000)))
    done
    medians+=("$(printf '%s\n' "${ts[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')")
  done
  how="date loop, $runs runs each"
fi

echo "cold start: runner validate vs kubectl version --client ($how${IN_CHRT:+, under chrt -f 50}; $jdk, cache: $cache;" \
  "$(nproc) cores, load average $load_before before, $(cut -d' ' -f1 /proc/loadavg) after)"
echo "wall = median elapsed; cpu = mean user+sys (less sensitive to other load on the machine)"
printf '%-48s %9s %7s %9s %7s\n' command wall ratio cpu ratio
base=${medians[0]}
worst=0
for i in "${!names[@]}"; do
  ratio=$(awk -v a="${medians[$i]}" -v b="$base" 'BEGIN {printf "%.1f", a / b}')
  cpu=${cpus[$i]:-}
  cpu_ratio=$([ -n "$cpu" ] && awk -v a="$cpu" -v b="${cpus[0]}" 'BEGIN {printf "%.1f×", a / b}' || echo -)
  printf '%-48s %6s ms %6s× %6s ms %7s\n' "${names[$i]}" "${medians[$i]}" "$ratio" "${cpu:--}" "$cpu_ratio"
  if [ "$i" -gt 0 ] && [ "$i" -lt $((${#names[@]} - 1)) ]; then
    worst=$(awk -v w="$worst" -v r="$ratio" 'BEGIN {print (r > w) ? r : w}')
  fi
done
echo "worst ratio with the launcher's settings: ${worst}× (target ≤ 5×)"
