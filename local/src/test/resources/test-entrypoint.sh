#!/bin/sh
# Minimal stand-in for the archiver image's entrypoint in the kubelet's own tests: initdb when PGDATA is empty,
# then postgres with the given args; any other command runs as given.
set -e
case "$1" in
  postgres|-*)
    [ "$1" = postgres ] && shift
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
      initdb -D "$PGDATA" -U "${POSTGRES_USER:-postgres}" --auth=trust -E UTF8 --no-sync >/dev/null
    fi
    exec postgres "$@" ;;
  *) exec "$@" ;;
esac
