#!/usr/bin/env bash
# Records that the jars under */target are up to date with the sources (read by ./runner).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .runner-build
date +%s > .runner-build/stamp
