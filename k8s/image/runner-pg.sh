#!/bin/sh
# runner-pg.sh: the one entrypoint of the runner archiver image (postgres 15 + pgBackRest).
#
#   runner-pg.sh [postgres] [-c name=value ...]   start postgres (initialise an empty PGDATA first)
#   runner-pg.sh restore                          restore PGDATA from the repository (initContainer)
#   runner-pg.sh backup [full|diff|incr] [opts]   take a backup (type also from BACKUP_TYPE; default full)
#   runner-pg.sh info|stanza-create|check [opts]  the pgBackRest command of that name for the stanza
#   runner-pg.sh verify                           restore a backup into a scratch dir, start it, run a SQL check
#   runner-pg.sh versions                         one line ARCHIVER_VERSIONS={"pgMajor":…,"glibc":…,"pgbackrest":…}
#   runner-pg.sh anything-else ...                exec it (like the official image)
#
# pgBackRest is configured only through PGBACKREST_* environment variables (Secret + ConfigMap via envFrom);
# see the README section "Backup data path (pgBackRest)". Empty PGBACKREST_* variables count as unset.
set -eu

log() { echo "runner-pg: $*" >&2; }
die() { log "error: $1"; exit "${2:-1}"; }

PGDATA=${PGDATA:-/var/lib/postgresql/data}
export PGDATA

# Postgres binaries: on PATH in the official image; Debian keeps them in /usr/lib/postgresql/<major>/bin.
if ! command -v postgres >/dev/null 2>&1; then
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/postgres" ] && pgbin=$d; done
  [ -n "${pgbin:-}" ] && PATH=$pgbin:$PATH && export PATH
fi

# --- pgBackRest environment ------------------------------------------------------------------------------
# An empty value from a template means "not set": pgBackRest itself refuses empty PGBACKREST_* variables.
# NUL-separated, so a line inside a multi-line value (a key file, a PEM) is never read as a variable.
for name in $(env -0 | sed -zn 's/^\(PGBACKREST_[A-Z0-9_]*\)=$/\1/p' | tr '\0' '\n'); do unset "$name"; done

# The seed's hasura-backup keys (aws.region, aws.s3.prefix, aws.access.key, aws.secret.access.key) arrive as
# LEGACY_AWS_* (env names with dots cannot be used by a shell). PGBACKREST_* values win when both are set.
setdefault() { eval "[ -n \"\${$1:-}\" ] || { [ -n \"\$2\" ] && $1=\$2 && export $1; }" || true; }
if [ -n "${LEGACY_AWS_S3_PREFIX:-}" ]; then
  prefix=${LEGACY_AWS_S3_PREFIX#s3://}
  case $prefix in */*) legacy_path=/${prefix#*/} ;; *) legacy_path=/ ;; esac
  setdefault PGBACKREST_REPO1_TYPE s3
  setdefault PGBACKREST_REPO1_S3_BUCKET "${prefix%%/*}"
  setdefault PGBACKREST_REPO1_PATH "$legacy_path"
fi
setdefault PGBACKREST_REPO1_S3_REGION "${LEGACY_AWS_REGION:-}"
setdefault PGBACKREST_REPO1_S3_KEY "${LEGACY_AWS_ACCESS_KEY:-}"
setdefault PGBACKREST_REPO1_S3_KEY_SECRET "${LEGACY_AWS_SECRET_ACCESS_KEY:-}"
if [ "${PGBACKREST_REPO1_TYPE:-}" = s3 ] && [ -n "${PGBACKREST_REPO1_S3_REGION:-}" ]; then
  setdefault PGBACKREST_REPO1_S3_ENDPOINT "s3.$PGBACKREST_REPO1_S3_REGION.amazonaws.com"
fi

# Defaults chosen for a container (DESIGN §7, §10). All are derived from PGDATA only, so a later
# `kubectl exec ... runner-pg.sh backup` computes the same ones as the running server did.
state_dir=$(dirname "$PGDATA")/pgbackrest
setdefault PGBACKREST_CONFIG /dev/null            # ignore a distribution's /etc/pgbackrest.conf
setdefault PGBACKREST_STANZA main
setdefault PGBACKREST_PG1_PATH "$PGDATA"
setdefault PGBACKREST_PG1_USER "${POSTGRES_USER:-}"
setdefault PGBACKREST_ARCHIVE_ASYNC y
setdefault PGBACKREST_SPOOL_PATH "$state_dir/spool"
setdefault PGBACKREST_LOCK_PATH "$state_dir/lock"
setdefault PGBACKREST_LOG_PATH "$state_dir/log"
setdefault PGBACKREST_LOG_LEVEL_FILE off
setdefault PGBACKREST_COMPRESS_TYPE lz4
setdefault PGBACKREST_PROCESS_MAX 2
# zst's default level (3) cost ~1.6x the archive CPU of level 1 for the same size in bench/archive-throughput.sh,
# and fell behind a bulk load there: on a busy pod that CPU is the archive throughput.
[ "${PGBACKREST_COMPRESS_TYPE}" != zst ] || setdefault PGBACKREST_COMPRESS_LEVEL 1
# A whole 16 MiB WAL segment in one PUT instead of 4-5 chunk requests (bench/archive-throughput.sh).
case ${PGBACKREST_REPO1_TYPE:-} in s3|azure|gcs) setdefault PGBACKREST_REPO1_STORAGE_UPLOAD_CHUNK_SIZE 16MiB ;; esac

# pgBackRest writes its spool, lock and log files under $state_dir, next to PGDATA, as the user this runs as (the
# image's USER 999, or the pod's runAsUser): say so plainly instead of pgBackRest's "unable to open lock file".
# $1 = die (a pgBackRest command is about to run) or warn (the server starts; only archiving needs the dir).
state_dir_usable() {
  [ "$(id -u)" != 0 ] || return 0   # root drops to postgres first (drop_root, docker-entrypoint.sh)
  { mkdir -p "$PGBACKREST_SPOOL_PATH" "$PGBACKREST_LOCK_PATH" 2>/dev/null && [ -w "$PGBACKREST_LOCK_PATH" ] &&
    [ -w "$PGBACKREST_SPOOL_PATH" ]; } && return 0
  msg="pgBackRest's spool/lock dirs under $state_dir are not writable by uid $(id -u) (gid $(id -g)): make \
dirname(PGDATA) writable for it (PGDATA in a subdirectory of the volume, or securityContext.fsGroup for the volume), \
or set PGBACKREST_SPOOL_PATH and PGBACKREST_LOCK_PATH"
  [ "$1" = warn ] && { log "warning: $msg"; return 0; }
  die "$msg" 2
}

# pgBackRest's command output for one-shot commands; the server keeps warn so archive-push/get stay quiet.
pgbr() { PGBACKREST_LOG_LEVEL_CONSOLE=${PGBACKREST_LOG_LEVEL_CONSOLE:-info} pgbackrest "$@"; }

# --- helpers ---------------------------------------------------------------------------------------------
is_empty_dir() { [ ! -d "$1" ] || [ -z "$(ls -A "$1" 2>/dev/null | grep -v '^lost+found$')" ]; }

# One server per data directory. postmaster.pid is PostgreSQL's only lock on PGDATA
# (https://www.postgresql.org/docs/15/storage-file-layout.html); PostgreSQL takes it for stale when its pid is not
# alive in its own pid namespace, or is its own pid. In Kubernetes another pod on the same volume (a RollingUpdate
# surge pod, a pod still terminating) is another pid namespace, and a containerised server is pid 1 on both sides,
# so neither check proves anything there. The file is therefore removed only when its server is provably gone:
#  1. its pid is alive here and is a postgres in this PGDATA: kept (postgres then refuses to start, rightly);
#  2. it was written by a server of this very pod: postmaster.opts, which the server writes right after the pid file
#     at each start, carries runner.pod=<this pod's hostname> (start_postgres passes it) and is not older than the
#     pid file's start time. That container has exited (a container is restarted only after it exited): removed;
#  3. its server was asked to stop (status line "stopping") at least PGDATA_STOPPING_GRACE seconds ago (default 60;
#     make it at least the pods' terminationGracePeriodSeconds): the kubelet has killed it by then: removed;
#  4. anything else may be a server alive in another container: wait up to PGDATA_LOCK_WAIT seconds (default 60)
#     for it to disappear (a server removes it when it stops), deciding again every second, then exit 1 with the
#     reason; the kubelet restarts the container with back-off, so it is tried again. A file left by a server that
#     died without a stop request (OOM kill, node crash) needs a person: make sure no pod uses the volume, delete it.
clear_stale_pid() {
  pidfile=$PGDATA/postmaster.pid
  waited=0
  limit=${PGDATA_LOCK_WAIT:-60}
  while [ -f "$pidfile" ]; do
    pid=$(sed -n 1p "$pidfile" 2>/dev/null || true)
    case $pid in ''|*[!0-9]*) pid= ;; esac
    if [ -n "$pid" ] && [ "$pid" != "$$" ] && kill -0 "$pid" 2>/dev/null &&
       [ "$(readlink -f "/proc/$pid/cwd" 2>/dev/null)" = "$(readlink -f "$PGDATA")" ]; then
      return 0   # 1: postgres refuses to start beside it
    fi
    why=$(pid_file_stale "$pidfile") && { log "removing $pidfile: $why"; rm -f "$pidfile"; return 0; }
    if [ "$waited" -ge "$limit" ]; then
      die "$pidfile (pid ${pid:-?}, status $(sed -n 8p "$pidfile" 2>/dev/null | tr -d ' ')) is still there after\
 ${limit}s: its server may be running in another container on this volume, and two servers on one data directory\
 corrupt it. If none runs (it died without a stop request), delete the file from a pod that mounts the volume.\
 A Deployment of postgres should have strategy Recreate" 1
    fi
    [ "$waited" -gt 0 ] || log "waiting up to ${limit}s for $pidfile to go: its server may still run in another container"
    sleep 1
    waited=$((waited + 1))
  done
}

# Why the pid file is stale (cases 2 and 3 above), or a non-zero status.
pid_file_stale() {
  started=$(sed -n 3p "$1" 2>/dev/null | tr -d ' ')
  case $started in ''|*[!0-9]*) started=0 ;; esac
  opts=$PGDATA/postmaster.opts
  if grep -qF "runner.pod=$(pod_name)\"" "$opts" 2>/dev/null && [ "$(stat -c %Y "$opts")" -ge "$started" ]; then
    echo "written by an earlier server of this pod ($(pod_name)), whose container has exited"; return 0
  fi
  grace=${PGDATA_STOPPING_GRACE:-60}
  mtime=$(stat -c %Y "$1" 2>/dev/null) || return 1
  if [ "$(sed -n 8p "$1" 2>/dev/null | tr -d ' ')" = stopping ] && [ $(($(date +%s) - mtime)) -ge "$grace" ]; then
    echo "its server was asked to stop more than ${grace}s ago (PGDATA_STOPPING_GRACE) and has been killed since"; return 0
  fi
  return 1
}

pod_name() { cat /proc/sys/kernel/hostname; }

init_pgdata() {
  [ "$(id -u)" != 0 ] || die "postgres does not run as root: start this script as the postgres user" 2
  [ -n "${POSTGRES_PASSWORD:-}" ] || [ "${POSTGRES_HOST_AUTH_METHOD:-}" = trust ] ||
    die "PGDATA is empty and POSTGRES_PASSWORD is not set (or set POSTGRES_HOST_AUTH_METHOD=trust)" 2
  user=${POSTGRES_USER:-postgres}
  log "initialising $PGDATA (user $user)"
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  tmp=$(mktemp -d)
  printf '%s\n' "${POSTGRES_PASSWORD:-}" > "$tmp/pw"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list, as in the official image
  initdb -D "$PGDATA" --username="$user" --pwfile="$tmp/pw" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$tmp/pw"
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
  db=${POSTGRES_DB:-$user}
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -w -s -l "$tmp/init.log" \
      -o "-c listen_addresses='' -c unix_socket_directories='$tmp' -c archive_mode=off" start
    psql -X -q -v ON_ERROR_STOP=1 -h "$tmp" -U "$user" -d postgres \
      -c "CREATE DATABASE \"$db\"" >/dev/null
    pg_ctl -D "$PGDATA" -w -s -m fast stop
  fi
  rm -rf "$tmp"
}

# --- modes -----------------------------------------------------------------------------------------------
start_postgres() {
  clear_stale_pid
  # runner.pod (a custom setting PostgreSQL only records) lands in postmaster.opts: clear_stale_pid's proof that a
  # pid file left behind was written in this pod
  server=$1; shift
  set -- "$server" -c "runner.pod=$(pod_name)" "$@"
  state_dir_usable warn
  # The official image's entrypoint initialises exactly as users of that image expect (and drops root).
  if command -v docker-entrypoint.sh >/dev/null 2>&1; then exec docker-entrypoint.sh "$@"; fi
  [ -s "$PGDATA/PG_VERSION" ] || { is_empty_dir "$PGDATA" || die "$PGDATA is not empty but has no PG_VERSION" 2; init_pgdata; }
  chmod 700 "$PGDATA" 2>/dev/null || true   # as the official entrypoint: an fsGroup volume is group-writable again
  [ "$(id -u)" != 0 ] || die "postgres does not run as root: start this script as the postgres user" 2
  exec "$@"
}

# Restore for an initContainer. The marker (inside PGDATA, so it lives on the data volume) makes a restarted
# pod keep the restored database instead of wiping it again. A restore that died half-way left pgBackRest's
# backup.manifest in PGDATA; --delta resumes it.
restore() {
  id=${RESTORE_ID:-}
  [ -n "$id" ] || die "no restore request (RESTORE_ID is not set): refusing to touch $PGDATA" 2
  case $id in *[!A-Za-z0-9._-]*) die "RESTORE_ID may only contain A-Z a-z 0-9 . _ -: $id" 2 ;; esac
  marker=$PGDATA/.runner-restored-$id
  if [ -f "$marker" ]; then
    log "restore $id already done ($marker): keeping the restored database"
    return 0
  fi
  clear_stale_pid
  [ ! -f "$PGDATA/postmaster.pid" ] || die "postgres is running on $PGDATA: stop it before restoring" 2
  set -- --stanza="$PGBACKREST_STANZA" restore
  type=${RESTORE_TYPE:-default}
  case $type in
    default|latest) ;;
    immediate) set -- "$@" --type=immediate --target-action=promote ;;
    time|lsn|xid|name)
      [ -n "${RESTORE_TARGET:-}" ] || die "RESTORE_TYPE=$type needs RESTORE_TARGET" 2
      set -- "$@" --type="$type" --target="$RESTORE_TARGET" --target-action=promote
      [ "${RESTORE_EXCLUSIVE:-n}" != y ] || set -- "$@" --target-exclusive ;;
    *) die "RESTORE_TYPE must be default|latest|immediate|time|lsn|xid|name, not '$type'" 2 ;;
  esac
  [ -z "${RESTORE_TIMELINE:-}" ] || set -- "$@" --target-timeline="$RESTORE_TIMELINE"
  [ -z "${RESTORE_SET:-}" ] || set -- "$@" --set="$RESTORE_SET"
  if [ "${RESTORE_WIPE:-n}" = y ]; then
    log "wiping $PGDATA before restore $id (RESTORE_WIPE=y)"
    find "$PGDATA" -mindepth 1 -maxdepth 1 ! -name lost+found -exec rm -rf {} +
  elif [ "${RESTORE_DELTA:-n}" = y ] || [ -f "$PGDATA/backup.manifest" ]; then
    set -- "$@" --delta
  elif ! is_empty_dir "$PGDATA"; then
    die "$PGDATA is not empty: set RESTORE_DELTA=y (reuse matching files) or RESTORE_WIPE=y to replace it" 2
  fi
  mkdir -p "$PGDATA" && chmod 700 "$PGDATA"
  log "restore $id: pgbackrest $*"
  pgbr "$@" || die "pgbackrest restore failed (exit $?; its error is above); no marker for restore $id, so\
 the next attempt (this container restarted) restores again, resuming a half-restored PGDATA with --delta" 1
  printf 'id=%s\ntype=%s\ntarget=%s\nfinished=%s\n' "$id" "$type" "${RESTORE_TARGET:-}" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$marker"
  log "restore $id done; postgres recovers to the target and promotes when it starts"
}

# pgBackRest must run as the owner of PGDATA. The image runs as postgres (USER 999:999); started as root anyway
# (runAsUser: 0), drop to postgres like the official entrypoint does for the server.
drop_root() {
  if [ "$(id -u)" = 0 ] && command -v gosu >/dev/null 2>&1; then
    mkdir -p "$PGDATA" && chown postgres:postgres "$PGDATA" && chmod 700 "$PGDATA"
    exec gosu postgres "$0" "$@"
  fi
  state_dir_usable die
}

# Backup verification (workflows/verify-backup.yaml, k8s/verify-backup-*.yaml): restore into a scratch PGDATA
# (never $PGDATA), recover with archiving off, run VERIFY_SQL, compare with VERIFY_EXPECT, always clean up.
# Every wait is bounded by VERIFY_TIMEOUT seconds. The last line is VERIFY_RESULT={json} for machines.
verify() {
  t0=$(date +%s)
  limit=${VERIFY_TIMEOUT:-3600}
  scratch=${VERIFY_DIR:-$(dirname "$PGDATA")/verify}
  vdata=$scratch/data
  sql=${VERIFY_SQL:-select count(*) from pg_class}
  case $limit in ''|*[!0-9]*) die "VERIFY_TIMEOUT must be a number of seconds, not '$limit'" 2 ;; esac
  rm -rf "$scratch" && mkdir -p "$vdata" "$scratch/sock" && chmod 700 "$vdata"
  trap 'pg_ctl -D "$vdata" -m immediate -s stop >/dev/null 2>&1; rm -rf "$scratch"' EXIT
  set -- --stanza="$PGBACKREST_STANZA" restore --pg1-path="$vdata" --archive-mode=off
  case ${VERIFY_TYPE:-default} in
    default) ;;
    immediate) set -- "$@" --type=immediate --target-action=promote ;;
    *) die "VERIFY_TYPE must be default (all archived WAL) or immediate (the backup alone)" 2 ;;
  esac
  [ -z "${VERIFY_SET:-}" ] || set -- "$@" --set="$VERIFY_SET"
  log "verify: pgbackrest $*"
  out=$(PGBACKREST_LOG_LEVEL_CONSOLE=info timeout "$limit" pgbackrest "$@" 2>&1) || {
    rc=$?; printf '%s\n' "$out" >&2
    [ $rc -ne 124 ] || log "error: restore did not finish within ${limit}s (VERIFY_TIMEOUT)"
    verify_result false "restore failed (exit $rc)" "$t0" "" ""; exit 1; }
  set_label=$(printf '%s\n' "$out" | sed -n 's/.*restore backup set \([^,]*\).*/\1/p' | head -n 1)
  # where replay starts: the backup's start LSN, from the backup_label the restore wrote (gone once recovery starts)
  start_lsn=$(sed -n 's/^START WAL LOCATION: \([0-9A-Fa-f]*\/[0-9A-Fa-f]*\).*/\1/p' "$vdata/backup_label" 2>/dev/null | head -n 1)
  t1=$(date +%s)
  t1_ms=$(date +%s%3N)
  log "verify: restored backup set ${set_label:-?} in $((t1 - t0))s; starting postgres to recover"
  pg_ctl -D "$vdata" -s -l "$scratch/postgres.log" -o "-c listen_addresses='' -c port=5432 \
-c unix_socket_directories='$scratch/sock' -c archive_mode=off" start ||
    { tail -n 20 "$scratch/postgres.log" >&2; verify_result false "postgres did not start" "$t0" "$set_label" ""; exit 1; }
  while :; do
    state=$(psql -X -A -t -h "$scratch/sock" -p 5432 -U "${POSTGRES_USER:-postgres}" -d postgres \
      -c 'select pg_is_in_recovery()' 2>/dev/null || true)
    [ "$state" = f ] && break
    if [ $(($(date +%s) - t0)) -ge "$limit" ] || ! pg_ctl -D "$vdata" status >/dev/null 2>&1; then
      log "error: postgres did not finish recovery within ${limit}s or stopped; its log:"
      tail -n 20 "$scratch/postgres.log" >&2
      verify_result false "recovery did not finish" "$t0" "$set_label" ""; exit 1
    fi
    sleep 1
  done
  t2=$(date +%s)
  recovery_ms=$(($(date +%s%3N) - t1_ms))
  # WAL replayed: pg_last_wal_replay_lsn() stays at the last record recovery applied, also after promotion
  [ -z "$start_lsn" ] || wal_bytes=$(psql -X -A -t -h "$scratch/sock" -p 5432 -U "${POSTGRES_USER:-postgres}" \
    -d postgres -c "select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '$start_lsn')::bigint" 2>/dev/null || true)
  result=$(psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$scratch/sock" -p 5432 -U "${POSTGRES_USER:-postgres}" \
    -d "${VERIFY_DATABASE:-${POSTGRES_DB:-${POSTGRES_USER:-postgres}}}" -c "$sql" 2>"$scratch/sql.err") ||
    { cat "$scratch/sql.err" >&2; verify_result false "the check query failed" "$t0" "$set_label" ""; exit 1; }
  log "verify: recovered in $((t2 - t1))s; check returned: $result"
  if [ -n "${VERIFY_EXPECT:-}" ] && [ "$result" != "$VERIFY_EXPECT" ]; then
    log "error: check failed: expected '$VERIFY_EXPECT'"
    verify_result false "expected '$VERIFY_EXPECT'" "$t0" "$set_label" "$result"; exit 1
  fi
  verify_result true "ok" "$t0" "$set_label" "$result"
}

# One JSON line (values are escaped for quotes and backslashes only: results are single-line query output).
# recoverySeconds and walBytes (WAL replayed from the backup's start) are null when recovery was not reached.
verify_result() {
  esc() { printf '%s' "$1" | tr '\n' ' ' | sed 's/\\/\\\\/g; s/"/\\"/g'; }
  case ${wal_bytes:-} in ''|*[!0-9]*) wal_bytes=null ;; esac
  rsec=null
  [ -z "${recovery_ms:-}" ] || rsec=$(printf '%d.%03d' $((recovery_ms / 1000)) $((recovery_ms % 1000)))
  printf 'VERIFY_RESULT={"ok":%s,"message":"%s","backupSet":"%s","result":"%s","seconds":%s,"recoverySeconds":%s,"walBytes":%s}\n' \
    "$1" "$(esc "$2")" "$(esc "$4")" "$(esc "$5")" "$(($(date +%s) - $3))" "$rsec" "$wal_bytes"
}

# What configure-backup's preflight compares with the running server: the PostgreSQL major (a server's data files
# are readable only by its own major) and the C library, whose version decides the collation order of text
# indexes (PostgreSQL records it in pg_database.datcollversion).
versions() {
  major=$(postgres -V | sed -n 's/.*(PostgreSQL) \([0-9][0-9]*\).*/\1/p')
  glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | sed -n 's/^glibc //p')
  pgbr_version=$(pgbackrest version | sed -n 's/^pgBackRest //p')
  printf 'ARCHIVER_VERSIONS={"pgMajor":"%s","glibc":"%s","pgbackrest":"%s"}\n' "$major" "$glibc" "$pgbr_version"
}

mode=${1:-postgres}
case $mode in
  postgres) start_postgres "$@" ;;
  -*) start_postgres postgres "$@" ;;
  restore) drop_root "$@"; restore ;;
  backup)
    drop_root "$@"; shift
    type=${BACKUP_TYPE:-full}
    case ${1:-} in full|diff|incr) type=$1; shift ;; esac
    case $type in full|diff|incr) ;; *) die "backup type must be full, diff or incr, not '$type'" 2 ;; esac
    exec env PGBACKREST_LOG_LEVEL_CONSOLE="${PGBACKREST_LOG_LEVEL_CONSOLE:-info}" \
      pgbackrest --stanza="$PGBACKREST_STANZA" backup --type="$type" "$@" ;;
  verify) drop_root "$@"; verify ;;
  versions) versions ;;
  info|stanza-create|check|stanza-upgrade|expire)
    drop_root "$@"; shift
    exec env PGBACKREST_LOG_LEVEL_CONSOLE="${PGBACKREST_LOG_LEVEL_CONSOLE:-info}" \
      pgbackrest --stanza="$PGBACKREST_STANZA" "$mode" "$@" ;;
  *) exec "$@" ;;
esac
