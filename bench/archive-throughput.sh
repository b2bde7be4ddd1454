#!/usr/bin/env bash
# WAL archive and restore throughput of pgBackRest through the runner image's entrypoint (k8s/image/runner-pg.sh),
# against S3Proxy (BENCH_STORE=s3, default), s3rver (BENCH_STORE=s3rver: an S3 store that never hashes a body) or
# Azurite (BENCH_STORE=azure, in memory, Shared Key) with TLS on
# 127.0.0.1, each as a ratio to a raw copy of the same bytes to/from the same store (curl over TLS, one connection
# per stream, same number of streams as process-max). For every
# compress-type x process-max, BENCH_ROUNDS times (raw and pgBackRest alternate which goes first):
#   live:    BENCH_WAL_MB of bulk inserts (~half incompressible) while archive-async runs, as fast as postgres
#            writes or paced to BENCH_LIVE_MBPS MB/s of WAL. The .ready backlog is sampled every 0.25 s; drain =
#            seconds from the end of the load until the last segment it wrote is archived (exact, from
#            pg_stat_archiver.last_archived_time). "Keeps up" at that WAL rate = the backlog never exceeds 32
#            segments (512 MiB) and drains within 5 s of the load stopping; its max in the first / second half
#            of the load shows whether it was growing.
#   archive: archive_command blocks on a gate while BENCH_WAL_MB of WAL queues up; the gate opens at t0; the
#            end is last_archived_time of the last queued segment (no polling error). MB/s = segments x 16 MiB / s.
#   raw up:  those same segment files PUT with curl, process-max streams, signed as pgBackRest signs them (S3:
#            SigV4 with the payload's SHA-256; Azure: Shared Key with Content-MD5), and "unsigned" (S3:
#            UNSIGNED-PAYLOAD; Azure: no Content-MD5; Azurite computes the blob's MD5 either way).
#   restore: full backup of the database (>= BENCH_DB_MB, default 1100 MB), restored into an empty dir.
#            MB/s = bytes of the files it restored / wall time of the entrypoint's restore mode.
#   raw dn:  exactly those files (uploaded raw beforehand, untimed) GET with curl into files, process-max
#            streams balanced largest-file-first as pgBackRest's queue is, then fsync'd (a restore fsyncs too).
# With a writable cgroup-v1 cpuacct (root here), CPU seconds per phase: pgBackRest (+postgres), curl, the store.
# Targets: archive >= 0.8x raw up and keeping up while live; restore >= 0.7x raw down.
# Env: BENCH_WAL_MB (default 1024), BENCH_LIVE_MBPS (unset: unpaced), BENCH_DB_MB (1100), BENCH_COMPRESS ("lz4 zst none"), BENCH_PMAX ("1 2"),
#      BENCH_RESTORE_PMAX (process-max of the restore; default the row's), BENCH_ROUNDS (1),
#      BENCH_OPTS (extra PGBACKREST_*=v words for every pgBackRest command, e.g. PGBACKREST_COMPRESS_LEVEL=1),
#      BENCH_STORE (s3 | s3rver | azure), BENCH_S3RVER (s3rver's bin; default tools/node_modules/.bin/s3rver), BENCH_DIR (work dir, default a temp dir; removed at the end).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
WAL_MB=${BENCH_WAL_MB:-1024}
DB_MB=${BENCH_DB_MB:-1100}
COMPRESS=${BENCH_COMPRESS:-lz4 zst none}
PMAX=${BENCH_PMAX:-1 2}
ROUNDS=${BENCH_ROUNDS:-1}
PGBIN=/usr/lib/postgresql/15/bin
JAR=$root/local/target/s3proxy/s3proxy.jar
[ -x "$PGBIN/postgres" ] && command -v pgbackrest >/dev/null && command -v openssl >/dev/null && command -v curl >/dev/null ||
  { echo "bench: needs postgresql-15, pgbackrest, openssl, curl (scripts/install-deps.sh test)" >&2; exit 1; }
[ "${BENCH_STORE:-s3}" != s3 ] || [ -f "$JAR" ] || { echo "bench: $JAR missing (./build or mvn -pl local package)" >&2; exit 1; }

work=${BENCH_DIR:-$(mktemp -d /tmp/runner-bench.XXXXXX)}
mkdir -p "$work"
chmod 755 "$work"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
# CPU accounting: one cpuacct cgroup per role (pgbr = postgres and every pgBackRest process it or we start)
cgroot=/sys/fs/cgroup/cpuacct/runner-bench-$$
mkdir -p "$cgroot" 2>/dev/null && for g in pgbr curl s3; do mkdir -p "$cgroot/$g"; done || cgroot=
join_cg() { [ -z "$cgroot" ] || echo "$BASHPID" > "$cgroot/$1/cgroup.procs"; }
cpu_ns() { if [ -n "$cgroot" ]; then cat "$cgroot/$1/cpuacct.usage"; else echo 0; fi; }
pids=()
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  if [ -n "$cgroot" ]; then
    for g in pgbr curl s3; do while read -r p; do echo "$p" > /sys/fs/cgroup/cpuacct/cgroup.procs; done < "$cgroot/$g/cgroup.procs" 2>/dev/null
      rmdir "$cgroot/$g" 2>/dev/null; done; rmdir "$cgroot" 2>/dev/null
  fi
  [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap "exit 1" INT TERM
now() { date +%s.%N; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1048576 }'; }
rate() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", (b / 1048576) / s }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cpus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# --- store ---------------------------------------------------------------------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
openssl pkcs12 -export -in "$work/cert.pem" -inkey "$work/key.pem" -out "$work/ks.p12" -passout pass:bench
chmod 644 "$work/cert.pem"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 19555)
STORE=${BENCH_STORE:-s3}
azurite=$root/tools/node_modules/.bin/azurite-blob
s3rver=${BENCH_S3RVER:-$root/tools/node_modules/.bin/s3rver}
if [ "$STORE" = s3rver ]; then s3key=S3RVER s3secret=S3RVER; else s3key=bench-key s3secret=bench-secret; fi
# pgBackRest's repository and the raw copies in separate buckets: S3Proxy's filesystem store walks the whole
# bucket for a LIST (pgBackRest lists the archive dir once per segment), so raw files must not slow it down.
mkdir -p "$work/blobs/bench" "$work/blobs/raw"
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
# Azure: Azurite's blob service, in memory (as the tests run it), the emulator's account and published key.
az_account=devstoreaccount1
az_key=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==
# Shared Key signer for the raw Azure copy (one process per stream, inside the timed phase, as pgBackRest signs
# in-process): reads relative paths on stdin, prints a curl config, one transfer per file.
#   put BASEURL md5|nomd5: Put Blob (BlockBlob) with Content-MD5 of the file (as pgBackRest sends it) or without
#   get BASEURL OUTDIR:    Get Blob into OUTDIR/path
cat > "$work/azsign.py" <<'PY'
import base64, email.utils, hashlib, hmac, os, sys
mode, base, arg = sys.argv[1:4]
account, key, ca = os.environ["AZ_ACCOUNT"], base64.b64decode(os.environ["AZ_KEY"]), os.environ["AZ_CA"]
version, date = "2021-08-06", email.utils.formatdate(usegmt=True)
out, first = sys.stdout, True
for f in (l.strip() for l in sys.stdin):
    if not f: continue
    url = base + f
    res = "/" + account + "/" + url.split("://", 1)[1].split("/", 1)[1]
    hdr = {"x-ms-date": date, "x-ms-version": version}
    if mode == "put":
        hdr["x-ms-blob-type"] = "BlockBlob"
        length, md5 = str(os.path.getsize(f)), ""
        if arg == "md5":
            h = hashlib.md5()
            with open(f, "rb") as fh:
                for b in iter(lambda: fh.read(1 << 20), b""): h.update(b)
            md5 = base64.b64encode(h.digest()).decode()
        fields = ["PUT", "", "", length if length != "0" else "", md5] + [""] * 7
    else:
        fields = ["GET"] + [""] * 11
    sts = "\n".join(fields) + "\n" + "".join("%s:%s\n" % (k, hdr[k]) for k in sorted(hdr)) + res
    sig = base64.b64encode(hmac.new(key, sts.encode(), hashlib.sha256).digest()).decode()
    if not first: out.write("next\n")
    first = False
    out.write('url = "%s"\n' % url)
    for k in hdr: out.write('header = "%s: %s"\n' % (k, hdr[k]))
    out.write('header = "Authorization: SharedKey %s:%s"\n' % (account, sig))
    if mode == "put":
        if md5: out.write('header = "Content-MD5: %s"\n' % md5)
        out.write('upload-file = "%s"\nheader = "Expect:"\noutput = "/dev/null"\n' % f)
    else:
        out.write('output = "%s/%s"\n' % (arg, f))
    out.write('cacert = "%s"\nsilent\nshow-error\nfail\n' % ca)
PY
export AZ_ACCOUNT=$az_account AZ_KEY=$az_key AZ_CA=$work/cert.pem
store_pid=
start_store() {
  if [ "$STORE" = azure ]; then
    [ -x "$azurite" ] || { echo "bench: $azurite missing (scripts/install-deps.sh test)" >&2; exit 1; }
    ( join_cg s3; exec node "$azurite" --blobHost 127.0.0.1 --blobPort "$port" --cert "$work/cert.pem" --key "$work/key.pem" \
        --loose --skipApiVersionCheck --disableProductStyleUrl --silent --inMemoryPersistence ${BENCH_AZ_DEBUG:+--debug "$work/azurite-debug.log"} \
        > "$work/azurite.log" 2>&1 ) &
  elif [ "$STORE" = s3rver ]; then   # s3rver checks the signature of the headers only, never hashes a body
    [ -x "$s3rver" ] || { echo "bench: $s3rver missing (npm install s3rver in tools/, or BENCH_S3RVER)" >&2; exit 1; }
    mkdir -p "$work/s3rver"
    ( join_cg s3; exec node "$s3rver" -d "$work/s3rver" -a 127.0.0.1 -p "$port" --key "$work/key.pem" --cert "$work/cert.pem" \
        --silent --no-vhost-buckets --configure-bucket bench --configure-bucket raw > "$work/s3rver.log" 2>&1 ) &
  else
    ( join_cg s3; exec java -Xmx1g -jar "$JAR" --properties "$work/s3proxy.properties" > "$work/s3proxy.log" 2>&1 ) &
  fi
  store_pid=$!; pids+=($store_pid)
  for _ in $(seq 120); do curl -sk -o /dev/null "https://127.0.0.1:$port/" && break; sleep 0.5; done
  if [ "$STORE" = azure ]; then   # containers: neither Azurite nor pgBackRest creates one
    for c in bench raw; do
      date_=$(date -u '+%a, %d %b %Y %H:%M:%S GMT')
      sig=$(printf 'PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:%s\nx-ms-version:2021-08-06\n/%s/%s/%s\nrestype:container' "$date_" "$az_account" "$az_account" "$c" |
        openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(echo "$az_key" | base64 -d | od -An -tx1 -v | tr -d ' \n')" -binary | base64)
      curl -sS --fail --cacert "$work/cert.pem" -X PUT -H "x-ms-date: $date_" -H "x-ms-version: 2021-08-06" -H "Content-Length: 0" \
        -H "Authorization: SharedKey $az_account:$sig" "https://localhost:$port/$az_account/$c?restype=container" -o /dev/null
    done
  fi
}
# a fresh store per row (Azurite keeps blobs in memory: a restart empties it)
reset_store() {
  if [ "$STORE" = azure ]; then kill "$store_pid"; wait "$store_pid" 2>/dev/null || true; start_store
  elif [ "$STORE" = s3rver ]; then kill "$store_pid"; wait "$store_pid" 2>/dev/null || true; rm -rf "$work/s3rver"; start_store
  else rm -rf "$work/blobs/bench/"* "$work/blobs/raw/"*; fi
}
start_store
curl_s3() { curl -sS --fail --cacert "$work/cert.pem" --aws-sigv4 "aws:amz:us-east-1:s3" --user "$s3key:$s3secret" \
  -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" "$@"; }
raw_base() { if [ "$STORE" = azure ]; then echo "https://localhost:$port/$az_account/raw/$1/"; else echo "https://localhost:$port/raw/$1/"; fi; }

# --- postgres via the entrypoint -----------------------------------------------------------------------------
mkdir -p "$work/pg" "$work/pg/sock" "$work/restore"
[ "$(id -u)" != 0 ] || chown -R postgres:postgres "$work/pg" "$work/restore"
pgport=$(( (port % 20000) + 30000 ))
base_env() { # $1 stanza $2 compress $3 process-max
  echo PATH="$PGBIN:$PATH" TZ=UTC PGDATA="$work/pg/data" POSTGRES_PASSWORD=bench \
    PGBACKREST_STANZA="$1" PGBACKREST_REPO1_PATH="/$1" \
    $(if [ "$STORE" = azure ]; then
      echo PGBACKREST_REPO1_TYPE=azure PGBACKREST_REPO1_AZURE_ACCOUNT=$az_account PGBACKREST_REPO1_AZURE_KEY=$az_key \
        PGBACKREST_REPO1_AZURE_KEY_TYPE=shared PGBACKREST_REPO1_AZURE_CONTAINER=bench \
        PGBACKREST_REPO1_AZURE_ENDPOINT="localhost:$port" PGBACKREST_REPO1_AZURE_URI_STYLE=path
    else
      echo PGBACKREST_REPO1_TYPE=s3 PGBACKREST_REPO1_S3_BUCKET=bench \
        PGBACKREST_REPO1_S3_ENDPOINT="localhost:$port" PGBACKREST_REPO1_S3_REGION=us-east-1 PGBACKREST_REPO1_S3_URI_STYLE=path \
        PGBACKREST_REPO1_S3_KEY=$s3key PGBACKREST_REPO1_S3_KEY_SECRET=$s3secret
    fi) \
    PGBACKREST_REPO1_STORAGE_CA_FILE="$work/cert.pem" PGBACKREST_PG1_SOCKET_PATH="$work/pg/sock" PGBACKREST_PG1_PORT="$pgport" \
    PGBACKREST_COMPRESS_TYPE="$2" PGBACKREST_PROCESS_MAX="$3" PGBACKREST_START_FAST=y PGBACKREST_LOG_LEVEL_CONSOLE=warn \
    PGBACKREST_REPO1_RETENTION_FULL=1 ${BENCH_OPTS:-}
}
entry() { local e; e=$(base_env "$stanza" "$ct" "$pm"); as_pg env -i $e "$@"; }
psql_() { PGOPTIONS="-c client_min_messages=warning" as_pg "$PGBIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$work/pg/sock" -p "$pgport" -U postgres -d postgres -c "$1"; }
start_pg() {
  # archive_command waits while the gate file is missing (a failing command would make the archiver back off)
  ( join_cg pgbr
    entry "$root/k8s/image/runner-pg.sh" postgres -c port="$pgport" -c listen_addresses='' \
    -c unix_socket_directories="$work/pg/sock" -c archive_mode=on -c wal_level=replica -c archive_timeout=60 \
    -c "archive_command=while [ ! -f $work/go ]; do sleep 0.02; done; pgbackrest --stanza=$stanza archive-push %p" \
    -c max_wal_size=8GB -c wal_keep_size=4GB -c checkpoint_timeout=1h -c synchronous_commit=off \
    -c shared_buffers=256MB >> "$work/postgres.log" 2>&1 ) &
  for _ in $(seq 120); do as_pg "$PGBIN/pg_isready" -q -h "$work/pg/sock" -p "$pgport" && return 0; sleep 0.5; done
  echo "postgres did not start:" >&2; tail -20 "$work/postgres.log" >&2; exit 1
}
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$work/pg/data" -m fast -w stop >/dev/null; }
ready_count() { find "$work/pg/data/pg_wal/archive_status" -name '*.ready' 2>/dev/null | wc -l; }
# ~50% compressible rows: 400 random bytes + 400 repeated ones; one batch of about $1 MB of WAL.
insert_mb() { psql_ "insert into w select gen_random_bytes(400) || decode(repeat('ab', 400), 'hex') from generate_series(1, $(( $1 * 1200 )))"; }
# Switch to a new segment; prints the name of the one just closed (the last one holding the writes so far).
switch_wal() { psql_ "select pg_walfile_name(pg_switch_wal())"; }
# Waits until segment $1 is archived; prints its archive time (epoch seconds, exact, from pg_stat_archiver).
archived_at() {
  local t
  until t=$(psql_ "select extract(epoch from last_archived_time) from pg_stat_archiver where last_archived_wal >= '$1'") && [ -n "$t" ]; do
    sleep 0.1; done
  echo "$t"
}
# curl config for $pm streams: files listed in $1 ("size path" lines) spread largest first to the least-loaded stream
split_streams() {
  rm -f "$work"/stream.*
  sort -rn "$1" | awk -v n="$pm" -v d="$work" '{ b = 0; for (i = 1; i < n; i++) if (load[i] < load[b]) b = i
    load[b] += $1; print $2 > (d "/stream." b) }'
}
# Raw upload of the segment files in $work/raw to bucket raw, $pm streams. signed: with the payload's SHA-256 in
# x-amz-content-sha256, as pgBackRest sends it (S3Proxy then buffers and hashes the body, as it does for
# pgBackRest's PUTs); unsigned: UNSIGNED-PAYLOAD (streamed to disk unhashed).
raw_up() { # raw_up signed|unsigned
  split_streams "$work/raw.list"; local cp=()
  for s in "$work"/stream.*; do
    ( join_cg curl; cd "$work/raw"
      if [ "$STORE" = azure ]; then   # signed: with Content-MD5 as pgBackRest sends it; unsigned: without
        python3 "$work/azsign.py" put "$(raw_base wal)" "$([ "$1" = signed ] && echo md5 || echo nomd5)" < "$s" > "$s.cfg"
        curl -K "$s.cfg"
      elif [ "$1" = signed ]; then
        openssl dgst -sha256 -r $(cat "$s") | while read -r h f; do
          [ -z "${sep:-}" ] || echo next; sep=1
          printf 'url = "https://localhost:%s/raw/wal/%s"\nupload-file = "%s"\nheader = "x-amz-content-sha256: %s"\n' "$port" "${f#\*}" "${f#\*}" "$h"
          printf 'header = "Expect:"\naws-sigv4 = "aws:amz:us-east-1:s3"\nuser = "%s:%s"\ncacert = "%s"\n' "$s3key" "$s3secret" "$work/cert.pem"
          printf 'output = "/dev/null"\nsilent\nshow-error\nfail\n'
        done > "$s.cfg"
        curl -K "$s.cfg"
      else
        curl_s3 -H "Expect:" -o /dev/null -T "{$(paste -sd, "$s")}" "https://localhost:$port/raw/wal/"
      fi ) & cp+=($!)
  done; wait "${cp[@]}"
}
raw_up_signed() { raw_up signed; }
raw_up_unsigned() { raw_up unsigned; }
raw_dn() { # the restored files (bucket raw, db/) -> $work/dl, $pm streams, then fsync'd like a restore
  mkdir -p "$work/dl"
  (cd "$work/dl" && awk '{ print $2 }' "$work/db.list" | sed -n 's|/[^/]*$||p' | sort -u | xargs -r mkdir -p)
  pm=${BENCH_RESTORE_PMAX:-$pm} split_streams "$work/db.list"; local cp=()
  for s in "$work"/stream.*; do
    ( join_cg curl
      if [ "$STORE" = azure ]; then python3 "$work/azsign.py" get "$(raw_base db)" "$work/dl" < "$s" > "$s.cfg"; curl -K "$s.cfg"
      else while read -r f; do printf 'url = "https://localhost:%s/raw/db/%s"\noutput = "%s"\n' "$port" "$f" "$work/dl/$f"; done < "$s" > "$s.cfg"
        curl_s3 -K "$s.cfg"; fi && cd "$work/dl" && xargs sync < "$s" ) & cp+=($!)
  done; wait "${cp[@]}"
}
restore() {
  ( join_cg pgbr; as_pg env -i $(base_env "$stanza" "$ct" "${BENCH_RESTORE_PMAX:-$pm}") PGDATA="$work/restore/data" RESTORE_ID=bench \
      "$root/k8s/image/runner-pg.sh" restore >/dev/null 2>"$work/restore.log" ) || { cat "$work/restore.log" >&2; exit 1; }
}
timed() { # timed NAME FUNC: sets NAME_s NAME_cpu (pgbr/curl CPU s) NAME_s3 (store CPU s)
  local a b c d e f t0 t1; a=$(cpu_ns pgbr); b=$(cpu_ns curl); c=$(cpu_ns s3); t0=$(now)
  "$2"; t1=${end_at:-$(now)}; end_at=
  d=$(cpu_ns pgbr); e=$(cpu_ns curl); f=$(cpu_ns s3)
  printf -v "$1_s" %s "$(secs "$t0" "$t1")"
  printf -v "$1_cpu" %s "$(cpus $((a + b)) $((d + e)))"
  printf -v "$1_s3" %s "$(cpus "$c" "$f")"
}
release_archive() { touch "$work/go"; end_at=$(archived_at "$last"); }
results=$work/results
: > "$results"

printf '%-4s %-2s %-1s | %-44s | %-60s | %-37s | %s | %s\n' comp pm r "live: WAL MB  MB/s  backlog max/h1/h2  drain" \
  "archive MB/s  raw MB/s (x)  raw-unsigned MB/s (x)  cpu p/c/s/u:c+s" "restore MB/s  raw MB/s (x)  cpu p/c/s" "cpu x a/u/r" load
for round in $(seq "$ROUNDS"); do
for ct in $COMPRESS; do
  for pm in $PMAX; do
    stanza=bench-$ct-p$pm-$round
    reset_store; rm -rf "$work/pg/data" "$work/raw" "$work/dl"; mkdir -p "$work/raw"
    touch "$work/go"
    start_pg
    entry "$root/k8s/image/runner-pg.sh" stanza-create >/dev/null
    psql_ "create extension if not exists pgcrypto; drop table if exists w; create table w(v bytea)"
    # live: inserts in 64 MB batches while archiving, .ready backlog sampled in the background
    lsn0=$(psql_ "select pg_current_wal_lsn()")
    ( while :; do echo "$(ready_count)"; sleep 0.25; done > "$work/backlog" ) & sampler=$!
    t0=$(now)
    if [ -n "${BENCH_LIVE_MBPS:-}" ]; then   # paced: 16 MB batches, one every 16/rate s
      for i in $(seq $(( WAL_MB / 16 ))); do
        insert_mb 16; sleep "$(awk -v t0="$t0" -v t="$(now)" -v i="$i" -v r="$BENCH_LIVE_MBPS" 'BEGIN { d = t0 + i * 16 / r - t; print (d > 0 ? d : 0) }')"
      done
    else
      for _ in $(seq $(( WAL_MB / 64 ))); do insert_mb 64; done
    fi
    t1=$(now); kill "$sampler"; wait "$sampler" 2>/dev/null || true
    last=$(switch_wal)
    live_bytes=$(psql_ "select '$(psql_ "select pg_current_wal_lsn()")'::pg_lsn - '$lsn0'::pg_lsn")
    drain_live=$(secs "$t1" "$(archived_at "$last")")
    live_rate=$(rate "$live_bytes" "$(secs "$t0" "$t1")")
    read -r bmax bh1 bh2 < <(awk '{ v[NR] = $1 } END { for (i = 1; i <= NR; i++) { if (v[i] > m) m = v[i]
      if (i <= NR / 2) { if (v[i] > a) a = v[i] } else if (v[i] > b) b = v[i] } print m + 0, a + 0, b + 0 }' "$work/backlog")
    keeps=$(awk -v d="$drain_live" -v m="$bmax" 'BEGIN { print (m <= 32 && d <= 5) ? "yes" : "NO" }')
    # archive: queue WAL behind the closed gate, then release it
    rm -f "$work/go"
    for _ in $(seq $(( WAL_MB / 64 ))); do insert_mb 64; done
    switch_wal >/dev/null; sleep 1
    backlog=$(find "$work/pg/data/pg_wal/archive_status" -name '*.ready' | sed 's|.*/||; s|\.ready$||' | sort)
    last=$(echo "$backlog" | tail -1)
    nseg=$(echo "$backlog" | wc -l); backlog_bytes=$(( nseg * 16777216 ))
    # a copy of exactly these segments for the raw upload (pg_wal recycles them once archived)
    (cd "$work/pg/data/pg_wal" && cp $backlog "$work/raw/")
    (cd "$work/raw" && stat -c '%s %n' $backlog) > "$work/raw.list"
    if [ $(( round % 2 )) = 1 ]; then timed raw raw_up_signed; timed rawu raw_up_unsigned; timed arch release_archive
    else timed arch release_archive; timed rawu raw_up_unsigned; timed raw raw_up_signed; fi
    arch_rate=$(rate "$backlog_bytes" "$arch_s"); raw_up_rate=$(rate "$backlog_bytes" "$raw_s")
    rawu_rate=$(rate "$backlog_bytes" "$rawu_s")
    # CPU ratio = raw (curl + store) / pgBackRest (pgBackRest + postgres + store): the wall-clock ratio without the noise
    arch_cx=$(ratio "$(awk -v a="$raw_cpu" -v b="$raw_s3" 'BEGIN { print a + b }')" "$(awk -v a="$arch_cpu" -v b="$arch_s3" 'BEGIN { print a + b }')")
    archu_cx=$(ratio "$(awk -v a="$rawu_cpu" -v b="$rawu_s3" 'BEGIN { print a + b }')" "$(awk -v a="$arch_cpu" -v b="$arch_s3" 'BEGIN { print a + b }')")
    arch_cpu="$arch_cpu/$raw_cpu/$arch_s3+$raw_s3/u:$rawu_cpu+$rawu_s3"
    # restore: top up to the database size, full backup, restore into an empty dir
    while [ "$(psql_ "select pg_database_size('postgres') / 1048576")" -lt "$DB_MB" ]; do insert_mb 64; done
    entry "$root/k8s/image/runner-pg.sh" backup full >/dev/null
    stop_pg
    rm -rf "$work/restore/data"; restore   # once untimed: the file list, and the raw copy of exactly those bytes in the store
    (cd "$work/restore/data" && find . -type f -printf '%s %P\n') > "$work/db.list"
    db_bytes=$(awk '{ s += $1 } END { print s }' "$work/db.list")
    if [ "$STORE" = azure ]; then
      (cd "$work/restore/data" && awk '{ print $2 }' "$work/db.list" | python3 "$work/azsign.py" put "$(raw_base db)" nomd5 > "$work/up.cfg" &&
        curl -K "$work/up.cfg")
    else
      (cd "$work/restore/data" && awk '{ printf "upload-file = \"%s\"\nurl = \"https://localhost:'"$port"'/raw/db/%s\"\n", $2, $2 }' \
        "$work/db.list" > "$work/up.cfg" && curl_s3 -K "$work/up.cfg" -o /dev/null)
    fi
    rm -rf "$work/restore/data" "$work/dl"
    if [ $(( round % 2 )) = 1 ]; then timed rest restore; timed rdn raw_dn
    else timed rdn raw_dn; timed rest restore; fi
    rest_rate=$(rate "$db_bytes" "$rest_s"); raw_dn_rate=$(rate "$db_bytes" "$rdn_s")
    rest_cx=$(ratio "$(awk -v a="$rdn_cpu" -v b="$rdn_s3" 'BEGIN { print a + b }')" "$(awk -v a="$rest_cpu" -v b="$rest_s3" 'BEGIN { print a + b }')")
    rest_cpu="$rest_cpu/$rdn_cpu/$rest_s3+$rdn_s3"
    load=$(cut -d' ' -f1 /proc/loadavg)
    printf '%-4s %-2s %-1s | %6s %6s %4s/%s/%s %6ss %-4s | %6s %7s (%sx) %7s (%sx) %22s | %6s %7s (%sx) %11s | %s/%s/%s | %s\n' \
      "$ct" "$pm" "$round" "$(mb "$live_bytes")" "$live_rate" "$bmax" "$bh1" "$bh2" "$drain_live" "$keeps" \
      "$arch_rate" "$raw_up_rate" "$(ratio "$arch_rate" "$raw_up_rate")" "$rawu_rate" "$(ratio "$arch_rate" "$rawu_rate")" "$arch_cpu" \
      "$rest_rate" "$raw_dn_rate" "$(ratio "$rest_rate" "$raw_dn_rate")" "$rest_cpu" "$arch_cx" "$archu_cx" "$rest_cx" "$load"
    echo "$ct $pm $live_rate $bmax $drain_live $keeps $arch_rate $raw_up_rate $rawu_rate $rest_rate $raw_dn_rate $load $arch_cx $archu_cx $rest_cx" >> "$results"
    rm -rf "$work/restore/data" "$work/dl" "$work/raw"
  done
done
done
if [ "$ROUNDS" -gt 1 ]; then
  echo "medians over $ROUNDS rounds (ratio = median of the per-round paired ratios):"
  for ct in $COMPRESS; do for pm in $PMAX; do
    awk -v c="$ct" -v p="$pm" '
      function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      $1 == c && $2 == p { n++; wal[n] = $3; bl[n] = $4; dr[n] = $5; k = k $6 " "; ar[n] = $7; ru[n] = $8; ax[n] = $7 / $8
        uu[n] = $9; ux[n] = $7 / $9; rs[n] = $10; rd[n] = $11; rx[n] = $10 / $11; ld[n] = $12; ac[n] = $13; uc[n] = $14; rc[n] = $15 }
      END { if (!n) exit
        printf "%-4s %-2s | live %5.1f MB/s backlog %d drain %.2fs keeps up: %s| archive %6.1f, raw %6.1f (%.2fx), unsigned %6.1f (%.2fx) | restore %6.1f, raw %6.1f (%.2fx) | cpu x %.2f/%.2f/%.2f | load %.1f\n",
        c, p, med(wal, n), med(bl, n), med(dr, n), k, med(ar, n), med(ru, n), med(ax, n), med(uu, n), med(ux, n), med(rs, n), med(rd, n), med(rx, n), med(ac, n), med(uc, n), med(rc, n), med(ld, n) }' "$results"
  done; done
fi
echo "(backlog: .ready segments, max over the load / max in its first half / second half; drain: s from the end of"
echo " the load to its last segment archived; cpu p/c/s: CPU s of pgBackRest+postgres / curl / $STORE store (pgBackRest's+raw's);"
echo " u:c+s: curl + store CPU s of the unsigned raw copy; cpu x a/u/r: CPU ratio raw (curl + store) / pgBackRest (+postgres + store)"
echo " of archive vs signed / vs unsigned raw, and of restore;"
echo " restored $(mb "$db_bytes") MB in $(wc -l < "$work/db.list" 2>/dev/null || echo '?') files; WAL backlog $(mb "$backlog_bytes") MB per row)"
