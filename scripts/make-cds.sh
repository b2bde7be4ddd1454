#!/usr/bin/env bash
# Writes what ./runner needs for a fast cold start (called by ./build after packaging):
#   .runner-build/classpath  the runtime classpath: jars only, in a fixed order (AppCDS requires the same one)
#   .runner-build/runner.jsa an AppCDS archive of the classes a `validate` run loads (training run below)
#   .runner-build/cds.key    java binary + classpath the archive was made for; ./runner uses the archive only
#                            when both still match
set -euo pipefail
cd "$(dirname "$0")/.."
out=.runner-build
mkdir -p "$out"
here=$(pwd)
jars=("$here/engine/target/engine.jar")
if [ -f local/target/runner-local.jar ]; then jars+=("$here/local/target/runner-local.jar"); fi
while IFS= read -r j; do jars+=("$j"); done < <(
  { ls "$here"/engine/target/lib/*.jar; [ -d local/target/lib ] && ls "$here"/local/target/lib/*.jar; } 2>/dev/null \
    | awk -F/ '!seen[$NF]++' | LC_ALL=C sort)
cp=$(IFS=:; echo "${jars[*]}")
printf '%s' "$cp" > "$out/classpath"
java_bin=$(readlink -f "$(command -v java)")
rm -f "$out/runner.jsa" "$out/cds.key"

# Training: validate every shipped workflow (valid or not, all loading code runs) and show the help.
train=(workflows/*.yaml)
[ -e "${train[0]}" ] || train=(engine/src/test/resources/cli/hello.yaml)
java -XX:ArchiveClassesAtExit="$out/runner.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
  -cp "$cp" dev.runner.cli.Main validate "${train[@]}" >/dev/null 2>&1 || true
if [ -s "$out/runner.jsa" ]; then
  printf '%s|%s' "$java_bin" "$cp" > "$out/cds.key"
else
  echo "make-cds: no archive was written; ./runner will start without it" >&2
fi
