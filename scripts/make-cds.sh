#!/usr/bin/env bash
# Writes what ./runner needs for a fast cold start (called by ./build after packaging); the files are
# described in scripts/java-cmd.sh. The JDK: RUNNER_JAVA (a java binary) if set; else JAVA_HOME's or the
# newest one under /usr/lib/jvm when it is JDK 24 or later (its AOT cache starts the CLI faster than JDK
# 17's AppCDS: classes come linked, lambdas resolved); else `java` on PATH. The cache is trained on a
# `validate` run of every shipped workflow.
set -euo pipefail
cd "$(dirname "$0")/.."
out=.runner-build
mkdir -p "$out"
here=$(pwd)

jars=("$here/cli/target/runner-cli.jar")
if [ -f local/target/runner-local.jar ]; then jars+=("$here/local/target/runner-local.jar"); fi
boot=
while IFS= read -r j; do
  case "$(basename "$j")" in
    picocli-*.jar) boot=$j ;;
    *) jars+=("$j") ;;
  esac
done < <({ ls "$here"/cli/target/lib/*.jar; [ -d local/target/lib ] && ls "$here"/local/target/lib/*.jar; } 2>/dev/null \
  | awk -F/ '!seen[$NF]++' | LC_ALL=C sort)
[ -n "$boot" ] || { echo "make-cds: no picocli jar in cli/target/lib" >&2; exit 1; }

java_major() { # JAVA_VERSION's feature number from the release file of the JDK that holds java binary $1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$(dirname "$(dirname "$1")")/release" 2>/dev/null
}
pick_java() {
  if [ -n "${RUNNER_JAVA:-}" ]; then readlink -f "$RUNNER_JAVA"; return; fi
  local j best= best_major=0 m
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$(readlink -f "$JAVA_HOME/bin/java")")" -ge 24 ] 2>/dev/null; then
    readlink -f "$JAVA_HOME/bin/java"
    return
  fi
  for j in /usr/lib/jvm/*/bin/java; do
    [ -x "$j" ] || continue
    j=$(readlink -f "$j")
    m=$(java_major "$j")
    if [ "${m:-0}" -ge 24 ] && [ "$m" -gt "$best_major" ]; then best=$j best_major=$m; fi
  done
  if [ -n "$best" ]; then echo "$best"; else readlink -f "$(command -v java)"; fi
}

rm -f "$out/runner.jsa" "$out/runner.aot" "$out/cds.key" "$out/cache.key" "$out"/*.tmp
cp=$(IFS=:; echo "${jars[*]}")
printf '%s' "$cp" > "$out/classpath"
printf '%s' "$boot" > "$out/bootclasspath"
java=$(pick_java)
printf '%s' "$java" > "$out/java"

# shellcheck source=java-cmd.sh
. scripts/java-cmd.sh
RUNNER_JAVA= RUNNER_JAVA_OPTS= runner_java_cmd "$here" nocache
train=(workflows/*.yaml)
[ -e "${train[0]}" ] || train=(cli/src/test/resources/cli/hello.yaml)
major=$(java_major "$java")
if [ "${major:-0}" -ge 24 ]; then
  cache=runner.aot
  record=(-XX:AOTCacheOutput="$out/$cache.tmp")
else
  cache=runner.jsa
  record=(-XX:ArchiveClassesAtExit="$out/$cache.tmp" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
"${java_cmd[0]}" "${record[@]}" "${java_cmd[@]:1}" validate "${train[@]}" >/dev/null 2>&1 || true
if [ -s "$out/$cache.tmp" ]; then
  mv "$out/$cache.tmp" "$out/$cache"
  printf '%s|%s|%s' "$java" "$boot" "$cp" > "$out/cache.key"
else
  rm -f "$out"/*.tmp
  echo "make-cds: no class-data cache was written for $java; ./runner will start without it" >&2
fi
