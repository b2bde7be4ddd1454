#!/usr/bin/env bash
# Installs what the build (and, with "test", the test suite) needs. Only installs when run as root
# and something is missing; otherwise says what is missing. Idempotent and quiet when all is there.
#   build       java, maven
#   test        build + everything the tests need (postgres, pgBackRest, node, podman, ...)
#   bench       test + hyperfine
#   containers  what `runner demo` needs to run pods as containers: podman, runc, debootstrap
#   processes   what `runner demo --processes` needs: PostgreSQL 15 and pgBackRest on this machine
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-build}

missing_apt=()
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing_apt+=("$2"); }
need_processes() {
  [ -x /usr/lib/postgresql/15/bin/postgres ] || missing_apt+=(postgresql-15)
  need_cmd pgbackrest pgbackrest
}
# Containers in the local cluster (DESIGN §10): podman with runc; debootstrap makes the base image.
need_containers() {
  need_cmd podman podman
  need_cmd runc runc
  need_cmd debootstrap debootstrap
}
case $mode in
  containers) need_containers ;;
  processes) need_processes ;;
  build|test|bench)
    need_cmd java openjdk-17-jdk-headless
    need_cmd mvn maven
    if [ "$mode" = bench ]; then
      need_cmd hyperfine hyperfine
      mode=test
    fi
    if [ "$mode" = test ]; then
      need_processes
      need_cmd node nodejs
      need_cmd npm npm
      need_cmd openssl openssl
      need_cmd curl curl
      need_containers
      # Backup metrics (#21): promtool lints the exposition and tests the alert rules; the server scrapes --serve.
      need_cmd promtool prometheus
      need_cmd prometheus prometheus
    fi
    ;;
  *) echo "usage: scripts/install-deps.sh [build|test|bench|containers|processes]" >&2; exit 2 ;;
esac

apt_updated=0
if [ ${#missing_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing: ${missing_apt[*]}" >&2
    apt-get update -qq
    apt_updated=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null
    # The Debian postgresql package starts a cluster on 5432 that nothing here uses.
    if command -v pg_ctlcluster >/dev/null 2>&1; then pg_ctlcluster 15 main stop >/dev/null 2>&1 || true; fi
  else
    echo "missing: ${missing_apt[*]} (run as root to install them, or install them yourself)" >&2
    exit 1
  fi
fi

if [ "$mode" = test ] && [ -f tools/package.json ]; then
  if [ ! -d tools/node_modules ] || [ tools/package.json -nt tools/node_modules ]; then
    (cd tools && npm install --no-audit --no-fund --loglevel=error >/dev/null)
    touch tools/node_modules
  fi
fi
