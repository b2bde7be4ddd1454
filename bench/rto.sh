#!/usr/bin/env bash
# Recovery time (RTO) of `runner run workflows/recovery.yaml` against the raw minimum, in one run, on the local
# clusters with pods as podman containers (as root):
#   1. `runner demo --cluster-only` brings up clusters old + new and the S3 store; configure-backup on old takes the
#      backup; BENCH_ROWS rows (default 2,000,000, ~300 MB of WAL) are written after it, the target time recorded,
#      rows written that must not come back, and `runner-pg.sh check` archives all of it.
#   2. runner: from `runner run workflows/recovery.yaml --context new` (target=time) to the moment new's postgres
#      accepts a write (a CREATE TABLE through kubectl exec).
#   3. raw minimum: the same archiver image, the same pgBackRest settings (new's ConfigMap and Secret
#      pgbackrest-repo, the entrypoint's defaults), the same backup, store and target: a bare `pgbackrest restore
#      --type=time --target-action=promote` into an empty dir and postgres started on it, until it accepts the same
#      write. No Kubernetes, no rollout.
#   ratio = runner / raw. WAL replay rate = WAL bytes between "redo starts" and "redo done" / the replay's elapsed
#   time, both from the raw run's postgres log.
#   4. With BENCH_DEMO=1 (default): `runner demo` in containers and `runner demo --processes`, the time of each
#      phase side by side.
# Not a timed test: it prints numbers. Env: BENCH_ROWS, BENCH_DEMO (0 skips part 4), BENCH_DIR (work dir; default
# a new temp dir, removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
ROWS=${BENCH_ROWS:-2000000}
[ "$(id -u)" = 0 ] || { echo "bench/rto.sh: needs root (pods as podman containers)" >&2; exit 1; }
work=${BENCH_DIR:-$(mktemp -d /tmp/runner-rto.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
PODMAN=(podman --runtime runc --cgroup-manager cgroupfs)
demo_pid=
raw=rto-raw-$$
cleanup() {
  "${PODMAN[@]}" rm -f -t 0 "$raw" >/dev/null 2>&1 || true
  if [ -n "$demo_pid" ]; then kill "$demo_pid" 2>/dev/null || true; wait "$demo_pid" 2>/dev/null || true; fi
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }

./runner --version >/dev/null
echo "rto: starting the local clusters (runner demo --cluster-only; images built or found first)" >&2
./runner demo --cluster-only --work-dir "$work/demo" >"$work/demo.log" 2>&1 &
demo_pid=$!
for _ in $(seq 1 600); do
  grep -q "The clusters stay up" "$work/demo.log" && break
  kill -0 "$demo_pid" 2>/dev/null || { cat "$work/demo.log" >&2; echo "rto: the demo clusters did not start" >&2; exit 1; }
  sleep 1
done
kubeconfig=$work/demo/clusters/kubeconfig
endpoint=$(sed -n 's|.*S3 store https://\([^ ]*\) (bucket \([^)]*\)).*|\1|p' "$work/demo.log")
bucket=$(sed -n 's|.*S3 store https://[^ ]* (bucket \([^)]*\)).*|\1|p' "$work/demo.log")
export AWS_ACCESS_KEY_ID=local-access-key AWS_SECRET_ACCESS_KEY=local-secret-key KUBECONFIG=$kubeconfig
export RUNNER_STATE_DIR=$work/state
repo=(-p repoType=s3-compatible -p "s3Bucket=$bucket" -p "s3Endpoint=$endpoint" -p verifyTls=n
      -p image=runner/postgres-pgbackrest:15 -p pgUser=hasura_admin)
k() { kubectl --kubeconfig "$kubeconfig" -n hasura "$@"; }
psql_on() { local ctx=$1; shift; k --context "$ctx" exec deploy/postgres -c postgres -- psql -U hasura_admin -d postgres -v ON_ERROR_STOP=1 -tAc "$@"; }

echo "rto: configure-backup on old" >&2
./runner run workflows/configure-backup.yaml --context old "${repo[@]}" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log" >&2; exit 1; }
echo "rto: writing $ROWS rows after the backup" >&2
psql_on old "create table bulk as select g, md5(g::text) as m, now() as at from generate_series(1, $ROWS) g" >/dev/null
target=$(psql_on old "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
sleep 1.5
psql_on old "create table after_target as select 1 as x" >/dev/null
k --context old exec deploy/postgres -c postgres -- runner-pg.sh check >/dev/null 2>&1
wal=$(psql_on old "select pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0'))")

echo "rto: recovery through the runner (target $target)" >&2
t0=$(now)
./runner run workflows/recovery.yaml --context new "${repo[@]}" -p target=time -p "targetValue=$target" \
  -p windowContext=old >"$work/recovery.log" 2>&1 || { cat "$work/recovery.log" >&2; exit 1; }
until psql_on new "create table rto_probe(x int); drop table rto_probe" >/dev/null 2>&1; do sleep 0.2; done
t1=$(now)
rows_runner=$(psql_on new "select count(*) from bulk")

echo "rto: the raw minimum (pgbackrest restore + postgres, same image, settings, backup, store, target)" >&2
envfile=$work/raw.env
{ k --context new get configmap pgbackrest-repo -o go-template='{{range $k, $v := .data}}{{$k}}={{$v}}{{"\n"}}{{end}}'
  k --context new get secret pgbackrest-repo -o go-template='{{range $k, $v := .data}}{{$k}}={{$v | base64decode}}{{"\n"}}{{end}}'
} | grep -v '=$' >"$envfile"
chmod 600 "$envfile"
image=$(scripts/build-images.sh 2>/dev/null | sed -n 's/^archiver=//p')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/raw"
# The entrypoint's defaults for what the ConfigMap leaves out (k8s/image/runner-pg.sh), spelled out: same settings.
t2=$(now)
"${PODMAN[@]}" run -d --name "$raw" --network host --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
  --env-file "$envfile" -e PGDATA=/var/lib/postgresql/data -e PGBACKREST_CONFIG=/dev/null \
  -e PGBACKREST_PG1_PATH=/var/lib/postgresql/data -e PGBACKREST_SPOOL_PATH=/var/lib/postgresql/pgbackrest/spool \
  -e PGBACKREST_LOCK_PATH=/var/lib/postgresql/pgbackrest/lock -e PGBACKREST_LOG_PATH=/var/lib/postgresql/pgbackrest/log \
  -e PGBACKREST_LOG_LEVEL_FILE=off -v "$work/raw:/var/lib/postgresql/data" --entrypoint /bin/sh "$image" -c "
    set -e; chown postgres:postgres \$PGDATA; chmod 0700 \$PGDATA
    gosu postgres pgbackrest restore --type=time '--target=$target' --target-action=promote
    exec gosu postgres postgres -c listen_addresses=127.0.0.1 -c port=$port -c archive_mode=off \
      -c log_line_prefix='%m ' -c log_min_messages=info" >/dev/null
until "${PODMAN[@]}" exec "$raw" gosu postgres psql -p "$port" -U hasura_admin -d postgres -v ON_ERROR_STOP=1 \
    -tAc "create table rto_probe(x int); drop table rto_probe" >/dev/null 2>&1; do
  [ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "$raw")" = true ] || { "${PODMAN[@]}" logs "$raw" >&2; exit 1; }
  sleep 0.2
done
t3=$(now)
rows_raw=$("${PODMAN[@]}" exec "$raw" gosu postgres psql -p "$port" -U hasura_admin -d postgres -tAc "select count(*) from bulk")
"${PODMAN[@]}" logs "$raw" >"$work/raw.log" 2>&1
start_lsn=$(sed -n 's/.*redo starts at \([0-9A-F]*\/[0-9A-F]*\).*/\1/p' "$work/raw.log" | head -n 1)
done_lsn=$(sed -n 's/.*redo done at \([0-9A-F]*\/[0-9A-F]*\).*/\1/p' "$work/raw.log" | head -n 1)
replay_s=$(sed -n 's/.*redo done at .*elapsed: \([0-9.]*\) s.*/\1/p' "$work/raw.log" | head -n 1)
replay_bytes=$("${PODMAN[@]}" exec "$raw" gosu postgres psql -p "$port" -U hasura_admin -d postgres -tAc \
  "select pg_wal_lsn_diff('$done_lsn', '$start_lsn')")

runner_s=$(secs "$t0" "$t1")
raw_s=$(secs "$t2" "$t3")
echo
echo "RTO, one run, target=time, $ROWS rows written after the backup (WAL on old: $wal)"
echo "  runner run workflows/recovery.yaml -> write accepted : ${runner_s} s   (rows in bulk: $rows_runner)"
echo "  pgbackrest restore + postgres      -> write accepted : ${raw_s} s   (rows in bulk: $rows_raw)"
awk -v a="$runner_s" -v b="$raw_s" 'BEGIN {printf "  ratio runner / raw                                   : %.2fx\n", a / b}'
awk -v by="$replay_bytes" -v s="$replay_s" 'BEGIN {printf "  WAL replay (raw run): %.1f MB in %.2f s = %s MB/s\n", by / 1e6, s, (s > 0 ? sprintf("%.0f", by / 1e6 / s) : "n/a")}'
[ "$rows_runner" = "$rows_raw" ] || echo "  WARNING: the two recoveries disagree on the rows"

kill "$demo_pid" 2>/dev/null || true
wait "$demo_pid" 2>/dev/null || true
demo_pid=

if [ "${BENCH_DEMO:-1}" = 1 ]; then
  echo >&2; echo "rto: runner demo in containers, then with --processes" >&2
  ./runner demo >"$work/demo-containers.log" 2>&1 || { tail -n 30 "$work/demo-containers.log" >&2; exit 1; }
  ./runner demo --processes >"$work/demo-processes.log" 2>&1 || { tail -n 30 "$work/demo-processes.log" >&2; exit 1; }
  phases() { sed -n '/time per phase:/,/checks:/p' "$1" | grep -v -e 'time per phase' -e 'checks:'; }
  echo
  echo "runner demo, wall time per phase: containers | processes"
  # lines: "    <phase name> <seconds> s"; joined by phase name (only the container run has the images phase)
  awk 'function key() { t = $(NF-1); $(NF-1) = ""; $NF = ""; sub(/^ +/, ""); sub(/ +$/, ""); return $0 }
       FNR == NR { k = key(); proc[k] = t; next }
       { k = key(); ct += t; if (k in proc) pt += proc[k]; printf "  %-70s %7.1f s | %7s\n", k, t, (k in proc) ? sprintf("%.1f s", proc[k]) : "-" }
       END { printf "  %-70s %7.1f s | %5.1f s\n", "total", ct, pt }' \
    <(phases "$work/demo-processes.log") <(phases "$work/demo-containers.log")
fi
