# What bench/run and bench/cluster share: paths and versions, the build, the private Open Liberty
# installation and its servers, the load generator. Sourced by them (which set -euo pipefail), not run.

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
T="$BENCH/target"
# The same versions the build uses: the root pom's properties.
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$ROOT/pom.xml" | head -1; }
LIBERTY_VERSION="$(pom_property openliberty.version)"
WLP="$T/wlp"
mkdir -p "$T/logs"

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Wall-clock milliseconds, for the timing lines (where a run's time goes).
now_ms() { local us=${EPOCHREALTIME/[.,]/}; echo $(( us / 1000 )); }
# Milliseconds as seconds with one decimal.
secs() { printf '%d.%d' $(( $1 / 1000 )) $(( $1 % 1000 / 100 )); }

# 10,000 clients need 10,000 sockets on each side of loopback.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# The committed server (git HEAD), extracted apart from the work tree (whose src/target other builds
# wipe), and the work tree's load generator, built in one reactor: the generator compiles and runs
# against that build's module jar, and nothing is installed into the local Maven repository. The
# generator is copied beside the committed modules so that the whole reactor has one parent pom: with
# the work tree's root pom as a second watchbox-parent, Maven refuses the generator's parent whenever
# no watchbox-parent is installed ("'parent.relativePath' points at wrong local POM").
# Not built again when bench/target already holds the build of the same server sources and the same
# bench/ (its work tree, uncommitted changes included): the build is a minute and more of a --quick run.
# Sets HEAD_COMMIT and CP (the generator's classpath); leaves the WAR in $T/watchbox.war.
build() {
  HEAD_COMMIT="$(git -C "$ROOT" rev-parse HEAD)"
  local server="$T/server-src" generator="$T/server-src/bench"
  # (No classpath yet in a fresh bench/target: under set -e a failed cat here would end the script in silence.)
  CP="$generator/target/watchbox-bench-0.1.0-SNAPSHOT.jar:$(cat "$generator/target/classpath.txt" 2>/dev/null || true)"
  # Extracted again only when the server's sources changed, not for every commit (bench/ or docs/ alone).
  local trees built
  trees="$(git -C "$ROOT" rev-parse HEAD:src HEAD:src-client HEAD:liberty HEAD:pom.xml | tr '\n' ' ')"
  built="$trees$(bench_sources_digest)"
  if [[ "$(cat "$T/build.stamp" 2>/dev/null)" == "$built" && -f "$T/watchbox.war" ]] && classpath_present; then
    log "the server at ${HEAD_COMMIT:0:7} and the load generator are built already (bench/target/build.stamp)"
    return
  fi
  rm -f "$T/build.stamp"
  if [[ "$(cat "$T/server-build.stamp" 2>/dev/null)" != "$trees" ]]; then
    rm -rf "$server" "$T/server-build.stamp" && mkdir -p "$server"
    git -C "$ROOT" archive HEAD | tar -x -C "$server"
  fi
  rm -rf "$generator/src" && mkdir -p "$generator"
  cp "$BENCH/pom.xml" "$generator/pom.xml"
  cp -r "$BENCH/src" "$generator/src"
  cat >"$T/reactor.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by bench/harness.sh: the committed server's modules and the work tree's bench, one build. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>io.watchbox</groupId>
  <artifactId>watchbox-bench-reactor</artifactId>
  <version>0.1.0-SNAPSHOT</version>
  <packaging>pom</packaging>
  <modules>
    <module>server-src/src-client</module>
    <module>server-src/src</module>
    <module>server-src/liberty</module>
    <module>server-src/bench</module>
  </modules>
</project>
EOF
  log "building the server at ${HEAD_COMMIT:0:7} and the load generator"
  "$ROOT/mvnw" -B -q -f "$T/reactor.xml" -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package \
    >"$T/logs/build.log" 2>&1 || { tail -40 "$T/logs/build.log"; exit 1; }
  echo "$trees" >"$T/server-build.stamp"
  cp "$server/liberty/target/watchbox.war" "$T/watchbox.war"
  CP="$generator/target/watchbox-bench-0.1.0-SNAPSHOT.jar:$(cat "$generator/target/classpath.txt")"
  echo "$built" >"$T/build.stamp"
}

# One digest of bench/'s sources as they are in the work tree (the generator is built from them).
bench_sources_digest() {
  (cd "$BENCH" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# Every entry of the generator's classpath is there (a cleaned ~/.m2 or bench/target/server-src means building again).
classpath_present() {
  local entry
  local -a entries
  IFS=: read -r -a entries <<<"$CP"
  (( ${#entries[@]} > 1 )) || return 1
  for entry in "${entries[@]}"; do
    [[ -e $entry ]] || return 1
  done
}

install_liberty() {
  if [[ ! -x "$WLP/bin/server" ]]; then
    local zip="$HOME/.m2/repository/io/openliberty/openliberty-runtime/$LIBERTY_VERSION/openliberty-runtime-$LIBERTY_VERSION.zip"
    if [[ ! -f "$zip" ]]; then
      (cd "$BENCH" && "$ROOT/mvnw" -B -q dependency:get -Dartifact="io.openliberty:openliberty-runtime:$LIBERTY_VERSION:zip") \
        >"$T/logs/liberty-get.log" 2>&1
    fi
    unzip -q -o "$zip" -d "$T"
  fi
}

# Starts the WAR on Open Liberty server SERVER of $WLP, on 127.0.0.1:PORT, plain HTTP only (Mosquitto
# and Payara are measured without TLS too), with the bench's Watchbox settings and any further JVM
# options given; waits until it answers and sets LIBERTY_PID.
start_liberty() { # server port listlimit [jvm-option...]
  local server=$1 port=$2 listlimit=$3; shift 3
  local dir="$WLP/usr/servers/$server"
  mkdir -p "$dir/apps"
  cp "$ROOT/liberty/src/main/liberty/config/server.xml" "$dir/server.xml"
  cp "$T/watchbox.war" "$dir/apps/watchbox.war"
  printf 'http.host=127.0.0.1\nhttp.port=%s\nhttps.port=-1\ndev.keys=%s\n' "$port" "$dir" >"$dir/bootstrap.properties"
  cat >"$dir/jvm.options" <<EOF
-Xms256m
-Xmx1g
-Dwatchbox.listlimit=$listlimit
-Dwatchbox.logginglevel=1
-Dwatchbox.timeout=120
-Dwatchbox.maxclients=50000
-Dwatchbox.ratelimit=0
EOF
  if (( $# > 0 )); then
    printf '%s\n' "$@" >>"$dir/jvm.options"
  fi
  # The bundled example logs every client message at INFO; an application under load would not.
  # (configDropins is written afresh: bench/run adds deployments there while the server runs.)
  rm -rf "$dir/configDropins"
  mkdir -p "$dir/configDropins/overrides"
  echo '<server><logging traceSpecification="*=info:io.watchbox.example.*=warning"/></server>' \
    >"$dir/configDropins/overrides/bench.xml"
  "$WLP/bin/server" start "$server" --clean >"$T/logs/liberty-start-$server.log" 2>&1 \
    || { cat "$T/logs/liberty-start-$server.log"; exit 1; }
  # LIBERTY_START_SECONDS: how long the application may take once the server answers (bench/cluster
  # starts seven servers at once, which on 2 loaded cores takes minutes).
  local deadline=$(( SECONDS + ${LIBERTY_START_SECONDS:-60} ))
  while (( SECONDS < deadline )); do
    curl -fsS "http://127.0.0.1:$port/watchbox/api/stats" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fsS "http://127.0.0.1:$port/watchbox/api/stats" >/dev/null || { log "Watchbox ($server) did not start"; exit 1; }
  LIBERTY_PID="$(liberty_pid "$server")"
}

liberty_pid() { # server
  "$WLP/bin/server" status "$1" | sed -n 's/.*process ID \([0-9]*\).*/\1/p'
}

stop_liberty() { # server
  "$WLP/bin/server" stop "$1" >"$T/logs/liberty-stop-$1.log" 2>&1 || true
}

# One run of the load generator, its result line appended to OUT, its output to logs/generator.log.
load_generator() { # out workload [--option value...]
  local out=$1 workload=$2; shift 2
  # BENCH_BATCH=false measures Watchbox clients that do not ask for batched frames.
  timeout 300 java -Xms512m -Xmx2g -Dbench.batch="${BENCH_BATCH:-true}" -cp "$CP" io.watchbox.bench.LoadGenerator \
    "$workload" --out "$out" "$@" >>"$T/logs/generator.log" 2>&1
}

# The machine's load just before a run, printed and passed to the generator (which adds it to the run's
# result line, see RunConditions). The rule for a busy machine: over the half second before the run,
# processes other than the bench's own servers (given as pids, idle while another system is measured)
# kept more than BENCH_BUSY_SHARE (default 0.25) of all the cores busy; or, over the run's timed
# window, processes other than the measured server and the generator did (the generator measures
# that, for the publish/subscribe workloads and the connect storm). The 1-minute load average is printed and kept with the
# run, but does not decide: it still counts the bench's previous run, which kept every core busy.
# Sets LOAD_ARGS (the generator's options) and LOAD_NOTE (for the log).
BUSY_SHARE="${BENCH_BUSY_SHARE:-0.25}"
machine_load() { # pid of each of the bench's servers...
  local before after load1 cores share verdict
  before="$(core_ticks "$@")"
  sleep 0.5
  after="$(core_ticks "$@")"
  load1="$(cut -d' ' -f1 /proc/loadavg)"
  cores="$(nproc)"
  # before and after are "busy total servers" ticks: the others' share is (busy - servers) / total.
  share="$(echo "$before $after" | awk '{ t = $5 - $2; o = ($4 - $1) - ($6 - $3); if (o < 0) o = 0
    printf "%.2f", (t > 0 ? o / t : 0) }')"
  verdict="$(awk -v s="$share" -v b="$BUSY_SHARE" 'BEGIN { print (s > b) ? "busy" : "quiet" }')"
  LOAD_ARGS=(--load1 "$load1" --cores "$cores" --other-cpu-before "$share" --busy-share "$BUSY_SHARE")
  LOAD_NOTE="load average $load1 on $cores cores, others using $share of the cores: $verdict"
}

# "busy total servers": ticks all the cores spent in processes (user, nice, system, steal) and in all so
# far (/proc/stat, whose totals stop at steal since guest time is inside user; interrupt time belongs to
# no process), and the ticks the given processes used (utime + stime).
core_ticks() { # pid...
  local servers=0 pid
  for pid in "$@"; do
    [[ -n $pid && -r /proc/$pid/stat ]] || continue
    servers=$(( servers + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }') ))
  done
  awk -v p="$servers" '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t - $5 - $6 - $7 - $8, t, p; exit }' /proc/stat
}

# The machine, for the reports: cores, CPU, memory, OS, Java, Open Liberty.
machine() {
  local cpu mem os java
  cpu="$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
  mem="$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  os="$(. /etc/os-release && echo "$PRETTY_NAME")"
  java="$(java -version 2>&1 | awk 'NR == 1')"
  echo "$(nproc) cores ($cpu), $mem RAM, $os, $java, Open Liberty $LIBERTY_VERSION"
}
