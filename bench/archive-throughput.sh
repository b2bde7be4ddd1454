#!/usr/bin/env bash
# WAL archive and restore throughput of pgBackRest through the runner image's entrypoint (k8s/image/runner-pg.sh),
# against S3Proxy with TLS on 127.0.0.1, each as a ratio to a raw copy of the same bytes to/from the same store
# (curl, same parallelism). For every compress-type x process-max:
#   live:    bulk inserts (~half incompressible) while archive-async runs; max backlog of .ready WAL files
#   archive: a WAL backlog built while archiving is held, then released: backlog bytes / drain time
#   raw up:  the same WAL segment files PUT with curl (process-max parallel streams)
#   restore: full backup of the database (>= 1 GB), restored into an empty dir: db bytes / restore time
#   raw dn:  the raw files GET with curl into files, then fsync'd (as pgBackRest's restore does)
# Targets: archive >= 0.8x raw up and a bounded backlog while live; restore >= 0.7x raw down.
# Env: BENCH_WAL_MB (WAL per phase, default 1024), BENCH_COMPRESS ("lz4 zst none"), BENCH_PMAX ("1 2"),
#      BENCH_DIR (work dir, default a temp dir; removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
WAL_MB=${BENCH_WAL_MB:-1024}
COMPRESS=${BENCH_COMPRESS:-lz4 zst none}
PMAX=${BENCH_PMAX:-1 2}
PGBIN=/usr/lib/postgresql/15/bin
JAR=$root/local/target/s3proxy/s3proxy.jar
[ -x "$PGBIN/postgres" ] && command -v pgbackrest >/dev/null && command -v openssl >/dev/null && command -v curl >/dev/null ||
  { echo "bench: needs postgresql-15, pgbackrest, openssl, curl (scripts/install-deps.sh test)" >&2; exit 1; }
[ -f "$JAR" ] || { echo "bench: $JAR missing (./build or mvn -pl local package)" >&2; exit 1; }

work=${BENCH_DIR:-$(mktemp -d /tmp/runner-bench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pids=()
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM
now() { date +%s.%N; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (b / 1048576) / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- store ---------------------------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/ks.p12" -passout pass:bench
chmod 644 "$work/cert.pem"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 19555)
mkdir -p "$work/blobs/bench"
cat > "$work/s3proxy.properties" <<P
s3proxy.secure-endpoint=https://127.0.0.1:$port
s3proxy.keystore-path=$work/ks.p12
s3proxy.keystore-password=bench
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench-key
s3proxy.credential=bench-secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/blobs
P
java -Xmx1g -jar "$JAR" --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sk -o /dev/null "https://127.0.0.1:$port/" && break; sleep 0.5; done
curl_s3() { curl -sS --fail --cacert "$work/cert.pem" --aws-sigv4 "aws:amz:us-east-1:s3" --user bench-key:bench-secret \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }

# --- postgres via the entrypoint -----------------------------------------------------------------------------
mkdir -p "$work/pg" "$work/pg/sock" "$work/restore"
[ "$(id -u)" != 0 ] || chown -R postgres:postgres "$work/pg" "$work/restore"
pgport=$(( (port % 20000) + 30000 ))
base_env() { # $1 stanza $2 compress $3 process-max
  echo PATH="$PGBIN:$PATH" TZ=UTC PGDATA="$work/pg/data" POSTGRES_PASSWORD=bench \
    PGBACKREST_STANZA="$1" PGBACKREST_REPO1_TYPE=s3 PGBACKREST_REPO1_S3_BUCKET=bench PGBACKREST_REPO1_PATH="/$1" \
    PGBACKREST_REPO1_S3_ENDPOINT="localhost:$port" PGBACKREST_REPO1_S3_REGION=us-east-1 PGBACKREST_REPO1_S3_URI_STYLE=path \
    PGBACKREST_REPO1_S3_KEY=bench-key PGBACKREST_REPO1_S3_KEY_SECRET=bench-secret \
    PGBACKREST_REPO1_STORAGE_CA_FILE="$work/cert.pem" PGBACKREST_PG1_SOCKET_PATH="$work/pg/sock" PGBACKREST_PG1_PORT="$pgport" \
    PGBACKREST_COMPRESS_TYPE="$2" PGBACKREST_PROCESS_MAX="$3" PGBACKREST_START_FAST=y PGBACKREST_LOG_LEVEL_CONSOLE=warn PGBACKREST_REPO1_RETENTION_FULL=1 PGBACKREST_REPO1_STORAGE_UPLOAD_CHUNK_SIZE="${BENCH_CHUNK:-}"
}
entry() { local e; e=$(base_env "$stanza" "$ct" "$pm"); as_pg env -i $e "$@"; }
psql_() { PGOPTIONS="-c client_min_messages=warning" as_pg "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$work/pg/sock" -p "$pgport" -U postgres -d postgres -c "$1"; }
start_pg() {
  entry "$root/k8s/image/runner-pg.sh" postgres -c port="$pgport" -c listen_addresses='' \
    -c unix_socket_directories="$work/pg/sock" -c archive_mode=on -c wal_level=replica -c archive_timeout=60 \
    -c "archive_command=test -f $work/go && pgbackrest --stanza=$stanza archive-push %p" \
    -c max_wal_size=8GB -c wal_keep_size=4GB -c checkpoint_timeout=1h -c synchronous_commit=off \
    -c shared_buffers=256MB >> "$work/postgres.log" 2>&1 &
  for _ in $(seq 120); do as_pg "$PGBIN/pg_isready" -q -h "$work/pg/sock" -p "$pgport" && return 0; sleep 0.5; done
  echo "postgres did not start:" >&2; tail -20 "$work/postgres.log" >&2; exit 1
}
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; }
ready_count() { find "$work/pg/data/pg_wal/archive_status" -name '*.ready' 2>/dev/null | wc -l; }
# ~50% compressible rows: 400 random bytes + 400 repeated ones; one batch of about $1 MB of WAL.
insert_mb() { psql_ "insert into w select gen_random_bytes(400) || decode(repeat('ab', 400), 'hex') from generate_series(1, $(( $1 * 1200 )))"; }
wait_archived() { # until nothing is .ready (after a WAL switch); prints seconds
  # a new segment wakes the archiver (after failures it otherwise sleeps up to 60 s); a bare switch may not
  local t0; t0=$(now); psql_ "insert into w values ('\\x00'); select pg_switch_wal()" >/dev/null
  while [ "$(ready_count)" -gt 0 ]; do sleep 0.2; done
  awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'
}

printf '%-5s %-2s | %-37s | %-33s | %-33s\n' comp pm "live: WAL MB  gen MB/s  backlog  drain" "archive MB/s  raw-up MB/s  ratio" "restore MB/s  raw-dn MB/s  ratio"
for ct in $COMPRESS; do
  for pm in $PMAX; do
    stanza=bench-$ct-p$pm
    rm -rf "$work/pg/data" "$work/blobs/bench/"* "$work/raw" "$work/dl"; mkdir -p "$work/raw" "$work/dl"
    touch "$work/go"
    start_pg
    entry "$root/k8s/image/runner-pg.sh" stanza-create >/dev/null
    psql_ "create extension if not exists pgcrypto; drop table if exists w; create table w(v bytea)"
    # live: inserts in 64 MB batches while archiving; sample the .ready backlog
    lsn0=$(psql_ "select pg_current_wal_lsn()"); max_backlog=0; t0=$(now)
    for _ in $(seq $(( WAL_MB / 64 ))); do
      insert_mb 64; b=$(ready_count); [ "$b" -le "$max_backlog" ] || max_backlog=$b
    done
    gen_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
    drain_live=$(wait_archived)
    live_bytes=$(psql_ "select pg_current_wal_lsn() - '$lsn0'::pg_lsn")
    live_rate=$(rate "$live_bytes" "$gen_s")
    # archive: hold archiving, build a backlog, release it
    rm -f "$work/go"
    first=$(psql_ "select pg_walfile_name(pg_current_wal_lsn())")
    for _ in $(seq $(( WAL_MB / 64 ))); do insert_mb 64; done
    psql_ "select pg_switch_wal()" >/dev/null; sleep 1
    backlog=$(find "$work/pg/data/pg_wal/archive_status" -name '*.ready' | sed 's|.*/||; s|\.ready$||' | sort)
    backlog_bytes=$(( $(echo "$backlog" | wc -l) * 16777216 ))
    # keep a copy of exactly these segments for the raw upload (pg_wal may recycle them once archived)
    (cd "$work/pg/data/pg_wal" && cp $backlog "$work/raw/")
    touch "$work/go"; drain=$(wait_archived)
    arch_rate=$(rate "$backlog_bytes" "$drain")
    # raw up: the same segment files, $pm parallel curl streams
    (echo "$backlog" | awk -v n="$pm" '{ print > ("'"$work"'/raw/list" (NR % n)) }')
    t0=$(now); cp=()
    for l in "$work"/raw/list*; do
      (cd "$work/raw" && curl_s3 -T "{$(paste -sd, "$l")}" "https://localhost:$port/bench/raw/") & cp+=($!)
    done; wait "${cp[@]}"
    raw_up=$(rate "$backlog_bytes" "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')")
    # restore: full backup, then restore into an empty dir
    entry "$root/k8s/image/runner-pg.sh" backup full >/dev/null
    db_bytes=$(psql_ "select pg_database_size('postgres')")
    stop_pg
    rm -rf "$work/restore/data"
    t0=$(now)
    as_pg env -i $(base_env "$stanza" "$ct" "$pm") PGDATA="$work/restore/data" RESTORE_ID=bench \
      "$root/k8s/image/runner-pg.sh" restore >/dev/null 2>"$work/restore.log" || { cat "$work/restore.log" >&2; exit 1; }
    restore_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')
    rest_rate=$(rate "$db_bytes" "$restore_s")
    # raw down: the raw files GET into files, same parallelism
    t0=$(now); cp=()
    for l in "$work"/raw/list*; do
      curl_s3 -o "$work/dl/#1" "https://localhost:$port/bench/raw/{$(paste -sd, "$l")}" & cp+=($!)
    done; wait "${cp[@]}"
    sync "$work"/dl/*   # a restore fsyncs what it writes; so does the raw copy
    raw_dn=$(rate "$backlog_bytes" "$(awk -v a="$t0" -v b="$(now)" 'BEGIN { print b - a }')")
    printf '%-5s %-2s | %11s %9s %5s seg %5ss | %12s %12s %5sx | %12s %12s %5sx\n' "$ct" "$pm" \
      "$(mb "$live_bytes")" "$live_rate" "$max_backlog" "$drain_live" "$arch_rate" "$raw_up" "$(ratio "$arch_rate" "$raw_up")" \
      "$rest_rate" "$raw_dn" "$(ratio "$rest_rate" "$raw_dn")"
    rm -rf "$work/restore/data" "$work/dl"/* 
  done
done
echo "(live: WAL written by 64 MB insert batches while archiving; backlog = most .ready segments seen after a batch;"
echo " drain = time to archive everything after the last batch (incl. a WAL switch);"
echo " db size $(mb "$db_bytes") MB restored; WAL backlog $(mb "$backlog_bytes") MB drained per row)"
