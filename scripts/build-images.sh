#!/usr/bin/env bash
# Builds the images the local cluster runs (DESIGN §10: podman + runc as root; no registry is reachable, so the
# base is a debootstrapped Debian imported with `podman import`):
#   bookworm     debootstrap --variant=minbase bookworm, from the Debian mirror this machine's apt uses
#   postgres     stand-in for the official postgres:15 (k8s/image/local/postgres)
#   archiver     k8s/image/Dockerfile on that stand-in (BASE_IMAGE build arg)
#   kubectl      Debian's kubernetes-client, for the backup CronJob (k8s/image/local/kubectl), with this machine's
#                kubectl ahead of it when that one is 1.30 or newer (exec over websockets; see its Dockerfile)
#   placeholder  the auth/data apps' stand-in (k8s/image/local/placeholder)
#   runner       only when asked, `build-images.sh runner` (it and its base, nothing else): the runner itself
#                (cli/image/Dockerfile: Java 17 + the packaged jars of cli/target, so after ./build package or,
#                in the tests that run it, after Maven packaged the CLI); its inputs change with every packaging
# Each image is tagged with a hash of its inputs (Dockerfile, build context, base image id) and built only when no
# image has that tag. Progress goes to stderr; stdout gets one line per image: NAME=REFERENCE.
set -euo pipefail
cd "$(dirname "$0")/.."
PODMAN=(podman --runtime runc --cgroup-manager cgroupfs)
REPO=localhost/runner-local
[ "$(id -u)" = 0 ] || { echo "build-images: needs root (podman with runc runs as root here)" >&2; exit 1; }
command -v podman >/dev/null || { echo "build-images: podman is missing (scripts/install-deps.sh test)" >&2; exit 1; }

say() { echo "build-images: $*" >&2; }

# The first Debian archive URI apt is configured with (one-line sources.list or deb822 .sources files).
debian_mirror() {
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed -n 's/^deb \(\[[^]]*\] \)\?\([^ ]*\) bookworm .*/\2/p'
    cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
      /^URIs:/ {u=$2} /^Suites:/ {for (i=2;i<=NF;i++) if ($i=="bookworm") s=1}
      /^$/ {if (s && u) print u; u=""; s=0} END {if (s && u) print u}'
  } | grep -v -e security -e '^$' | head -n 1
}

# Image ids by reference, listed once (each podman call costs ~1 s on a busy machine) and again after a build.
IMAGES=
list_images() { IMAGES=$("${PODMAN[@]}" images --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}'); }
image_id() { awk -v ref="$1" '$1 == ref {sub(/^sha256:/, "", $2); print $2; exit}' <<<"$IMAGES"; }
list_images

# Runs a long step with a progress line (elapsed seconds) on a terminal, plain start/end lines otherwise.
with_progress() {
  local what=$1; shift
  local log; log=$(mktemp)
  local start=$SECONDS
  "$@" >"$log" 2>&1 &
  local pid=$!
  if [ -t 2 ]; then
    while kill -0 "$pid" 2>/dev/null; do printf '\rbuild-images: %s ... %ds' "$what" $((SECONDS - start)) >&2; sleep 1; done
    printf '\r\033[K' >&2
  else
    say "$what ..."
  fi
  if ! wait "$pid"; then tail -n 30 "$log" >&2; rm -f "$log"; say "$what failed"; return 1; fi
  rm -f "$log"
  say "$what done in $((SECONDS - start))s"
}

build_bookworm() {
  local ref=$REPO/bookworm:minbase
  if [ -z "$(image_id "$ref")" ]; then
    command -v debootstrap >/dev/null || { say "debootstrap is missing (scripts/install-deps.sh test)"; return 1; }
    local mirror; mirror=$(debian_mirror)
    [ -n "$mirror" ] || { say "no Debian bookworm mirror in /etc/apt/sources.list(.d)"; return 1; }
    local dir; dir=$(mktemp -d /var/tmp/runner-bookworm.XXXXXX)
    with_progress "debootstrap bookworm from $mirror" debootstrap --variant=minbase bookworm "$dir" "$mirror"
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    with_progress "import $ref" bash -c 'tar -C "$1" -c . | "${@:2}" import - "$0"' "$ref" "$dir" "${PODMAN[@]}"
    rm -rf "$dir"
    list_images
  fi
  echo "bookworm=$ref"
  BUILT_bookworm=$ref
}

# build NAME CONTEXT_DIR DOCKERFILE BASE_REF
build() {
  local name=$1 context=$2 dockerfile=$3 base=$4
  local base_id; base_id=$(image_id "$base")
  local hash; hash=$( { echo "$base_id"; cat "$dockerfile"; (cd "$context" && find . -maxdepth 2 -type f | LC_ALL=C sort | xargs -r sha256sum); } | sha256sum | cut -c1-16)
  local ref=$REPO/$name:$hash
  if [ -z "$(image_id "$ref")" ]; then
    with_progress "build $name ($ref)" "${PODMAN[@]}" build --network host --ulimit nofile=20000:20000 \
      --ulimit nproc=4096:4096 --build-arg BASE_IMAGE="$base" --label runner.inputs="$hash" \
      -f "$dockerfile" -t "$ref" "$context"
    list_images
  fi
  echo "$name=$ref"
  eval "BUILT_$name=\$ref"
}

# The runner image's build context: the packaged CLI and what it reads at run time (see cli/image/Dockerfile).
runner_context() {
  local dir; dir=$(mktemp -d /var/tmp/runner-image.XXXXXX)
  cp cli/image/Dockerfile cli/image/runner cli/target/runner-cli.jar "$dir/"
  cp -r cli/target/lib "$dir/lib"
  # fixed owner and times, so the archive (and the image's inputs hash) changes only with its contents
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -cf "$dir/app.tar" workflows schema \
    scripts/java-cmd.sh scripts/make-cds.sh $(ls k8s/*.yaml)
  echo "$dir"
}
build_runner() {
  local dir; dir=$(runner_context)
  build runner "$dir" "$dir/Dockerfile" "$BUILT_bookworm"
  rm -rf "$dir"
}

build_bookworm
if [ "${1:-}" = runner ]; then
  [ -f cli/target/runner-cli.jar ] || { say "cli/target/runner-cli.jar is missing: ./build package first"; exit 1; }
  build_runner
  exit 0
fi
build postgres k8s/image/local/postgres k8s/image/local/postgres/Dockerfile "$BUILT_bookworm"
build archiver k8s/image k8s/image/Dockerfile "$BUILT_postgres"
# The kubectl image's context: its Dockerfile and host-bin/ with this machine's kubectl if it is 1.30 or newer.
kubectl_context() {
  local dir; dir=$(mktemp -d /var/tmp/runner-kubectl.XXXXXX)
  cp k8s/image/local/kubectl/Dockerfile "$dir/"
  mkdir "$dir/host-bin"
  local host; host=$(command -v kubectl || true)
  local minor; minor=$([ -z "$host" ] || "$host" version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1)
  if [ -n "$minor" ] && [ "$minor" -ge 30 ]; then cp "$(readlink -f "$host")" "$dir/host-bin/kubectl"; fi
  echo "$dir"
}
kubectl_dir=$(kubectl_context)
trap 'rm -rf "$kubectl_dir"' EXIT
build kubectl "$kubectl_dir" "$kubectl_dir/Dockerfile" "$BUILT_bookworm"
build placeholder k8s/image/local/placeholder k8s/image/local/placeholder/Dockerfile "$BUILT_bookworm"
