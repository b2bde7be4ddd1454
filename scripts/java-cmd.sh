# Sourced (not run) by ./runner, scripts/make-cds.sh and bench/validate-coldstart.sh, so that all three start
# the CLI the same way. Reads what scripts/make-cds.sh recorded in .runner-build:
#   java           the java binary the build chose (a JDK >= 24 when there is one, else `java` on PATH)
#   classpath      the runtime jars in a fixed order (class-data sharing needs exactly the same list)
#   bootclasspath  picocli: its classes are Java 5 bytecode, which the JVM verifies with the slow old
#                  verifier and which no CDS/AOT archive stores; on the boot class path they are not verified
#   runner.aot     (JDK >= 24) AOT cache: classes loaded and linked ahead of time (JEP 483)
#   runner.jsa     (JDK < 24) AppCDS archive
#   cache.key      java binary + boot class path + class path the cache was made for; it is used only
#                  while all three match, and a cache the JVM itself finds stale is skipped silently
# RUNNER_JAVA (a java binary) overrides the build's choice; RUNNER_JAVA_OPTS adds JVM options.

# JVM options for a short-lived CLI: C1 only, serial GC, no perf-data file.
RUNNER_JVM_FLAGS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)

# Sets the array java_cmd to the command that starts dev.runner.cli.Main (append its arguments).
# usage: runner_java_cmd REPO_DIR [nocache]
runner_java_cmd() {
  local here=$1 b=$1/.runner-build java cp boot opts
  opts=("${RUNNER_JVM_FLAGS[@]}")
  java=${RUNNER_JAVA:+$(readlink -f "$RUNNER_JAVA")}
  if [ -z "$java" ] && [ -f "$b/java" ]; then
    java=$(<"$b/java") # already resolved
    [ -x "$java" ] || java=
  fi
  [ -n "$java" ] || java=$(readlink -f "$(command -v java)" 2>/dev/null) || java=java
  if [ -f "$b/classpath" ] && [ -f "$b/bootclasspath" ]; then
    cp=$(<"$b/classpath")
    boot=$(<"$b/bootclasspath")
    opts+=("-Xbootclasspath/a:$boot")
    if [ "${2:-}" != nocache ] && [ -f "$b/cache.key" ] && [ "$(<"$b/cache.key")" = "$java|$boot|$cp" ]; then
      if [ -f "$b/runner.aot" ]; then
        opts+=("-XX:AOTCache=$b/runner.aot" -Xlog:aot=off -Xlog:cds=off)
      elif [ -f "$b/runner.jsa" ]; then
        opts+=("-XX:SharedArchiveFile=$b/runner.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off)
      fi
    fi
  else
    cp="$here/cli/target/runner-cli.jar:$here/cli/target/lib/*"
    if [ -f "$here/local/target/runner-local.jar" ]; then
      cp="$cp:$here/local/target/runner-local.jar:$here/local/target/lib/*"
    fi
  fi
  # shellcheck disable=SC2206 # RUNNER_JAVA_OPTS is a list of words
  java_cmd=("$java" ${RUNNER_JAVA_OPTS:-} "${opts[@]}" -cp "$cp" dev.runner.cli.Main)
}
