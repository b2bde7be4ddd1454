#!/usr/bin/env bash
# The official postgres image's entrypoint behaviour, as documented (https://hub.docker.com/_/postgres,
# "Environment Variables" and "Initialization scripts"), written for this stand-in image:
#   - `docker-entrypoint.sh -x ...` means `postgres -x ...`;
#   - for `postgres ...`: create PGDATA, mode 0700 (as root also chown it to postgres, then re-run as postgres, gosu);
#   - on an empty PGDATA: initdb with POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless
#     POSTGRES_HOST_AUTH_METHOD=trust) and POSTGRES_INITDB_ARGS; `host all all all <auth method>` in pg_hba.conf
#     (scram-sha-256 by default); create POSTGRES_DB (default: the user's name) on a socket-only temporary server,
#     run /docker-entrypoint-initdb.d/*.sh|*.sql, stop it;
#   - then exec the command (postgres in the foreground, as PID 1).
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi

# docker_create_db_directories, on every start of the server, as root or not: PGDATA back to 0700 (ignoring a
# failure), since a volume's fsGroup handling (https://kubernetes.io/docs/tasks/configure-pod-container/security-context/)
# makes it group-writable again on each pod start and postgres refuses such a data directory.
if [ "$1" = postgres ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" != 0 ] || chown postgres:postgres "$PGDATA" || true
  chmod 0700 "$PGDATA" || true
fi

if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
  exec gosu postgres "$BASH_SOURCE" "$@"
fi

if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "${POSTGRES_HOST_AUTH_METHOD:-}" != trust ]; then
    echo "Error: Database is uninitialized and superuser password is not specified." >&2
    echo "       Set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)." >&2
    exit 1
  fi
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  mkdir -p "$PGDATA" && chmod 0700 "$PGDATA"
  # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a word list
  initdb --username="$user" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") ${POSTGRES_INITDB_ARGS:-}
  printf '\nhost all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c archive_mode=off -p ${PGPORT:-5432}" -w start
  if [ "$db" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -X -q --username "$user" --dbname postgres -c "CREATE DATABASE \"$db\""
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case $f in
      *.sh) echo "running $f"; . "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -X -q --username "$user" --dbname "$db" -f "$f" ;;
      *) ;;
    esac
  done
  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
fi

exec "$@"
