#!/usr/bin/env bash
# Health-check benchmark: Tandem's CheckerPool vs HAProxy's health checks (nbthread 1) on the same
# 10,000 targets, in the same lab, runs alternated (HAProxy, Tandem, HAProxy, Tandem, ...).
#
# Lab (shared/README "Load lab recipe"): 10k IPv6 addresses (AnyIP 2001:db8:1::/112 on lo) served by
# one nginx-light in namespace chk-srv-<pid>; the checkers run in chk-cli-<pid>, routed to it over a
# veth, no NAT. Every check is counted as a SYN by an nft counter in the server namespace, per source
# address (HAProxy binds 2001:db8:ff::10, Tandem 2001:db8:ff::11), so both checkers' real check rates
# are known. CPU is utime+stime from /proc/PID/stat over a steady window after a warm-up.
# Detection: after the window, KILL servers spread over the range stop answering (nft drop in the
# server namespace; KILL_HOW=reset answers SYNs with RST instead) and the time from the nft command to
# each checker's DOWN event is taken (fall 3 x inter 1 s + timeout 1 s + 50 ms = 4.05 s is the bar).
#
# Needs root and these Debian packages (apt-get install --no-install-recommends ...):
#   haproxy nginx-light nftables iproute2 procps perl (Time::HiRes, for time-stamping HAProxy's log)
# plus a JDK >= 21 (scripts/find-jdk.sh finds it) and Maven for the build. Not part of CI.
#
# CHECKERS may also name "daemon": the whole `tandem run` (daemon/target distribution; build it with
# `scripts/mvn -pl daemon -am package -DskipTests`) with the same checks as 100 virtual services x
# COUNT/100 real servers (engine dry-run) and one VRRP instance at 20 ms on the checker namespace's
# link, so the RSS, threads and advert send jitter of a director under COUNT checks are known
# (detection latency is CheckerBench's column; the daemon row leaves it out).
#
# Usage: checkers/bench/run-bench.sh            (env knobs, defaults shown)
#   COUNT=10000 WARMUP=30 WINDOW=60 ROUNDS=2 MODES="tcp http" CHECKERS="haproxy tandem"
#   KILL=200 KILL_HOW=drop KILL_WAIT=10 LOOPS=1 TICK_US=10000 PRIO=rt JAVA_EXTRA="" (e.g. JFR flags)
#   OUT=<dir for logs>
# PRIO applies to both checkers and to nginx alike. rt = SCHED_RR priority 1 (chrt), bounded by the
# kernel's RT throttling (95 %): on a 2-core machine shared with other builds (load 10+), a checker at
# any nice level waits in the run queue after most of its thousands of wake-ups a second, falls to
# 3-4k checks/s and reports timeouts that measure the machine, not the checker. nice:N = nice -n N;
# none = as started. CPU per check is counted the same way in every mode.
# Prints one result row per run and the medians per checker and mode; logs stay in $OUT.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
COUNT=${COUNT:-10000}; WARMUP=${WARMUP:-30}; WINDOW=${WINDOW:-60}; ROUNDS=${ROUNDS:-2}
MODES=${MODES:-tcp http}; CHECKERS=${CHECKERS:-haproxy tandem}
KILL=${KILL:-200}; KILL_HOW=${KILL_HOW:-drop}; KILL_WAIT=${KILL_WAIT:-10}; LOOPS=${LOOPS:-1}; TICK_US=${TICK_US:-10000}; PRIO=${PRIO:-rt}
JAVA_EXTRA=${JAVA_EXTRA:-}
# The daemon holds its configuration and per-server state too (~85 MB live at 10k servers): it runs
# with the heap /etc/default/tandem suggests, on the launcher's collector (serial).
DAEMON_JAVA_OPTS=${DAEMON_JAVA_OPTS:--Xmx256m}
# The JVM flags Tandem is measured with (what a daemon with 10k checks should run with).
JAVA_OPTS=${JAVA_OPTS:--Xms64m -Xmx128m -XX:+UseSerialGC -XX:+AlwaysPreTouch}
OUT=${OUT:-$(mktemp -d /tmp/chk-bench.XXXXXX)}; mkdir -p "$OUT"
SNS=chk-srv-$$; CNS=chk-cli-$$; VA=chk$$a; VB=chk$$b
HZ=$(getconf CLK_TCK)
pids=()

cleanup() {
  local p
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  # Anything still running inside our own namespaces was started by this script (nginx workers).
  for ns in "$SNS" "$CNS"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  done
  ip netns del "$SNS" 2>/dev/null || true
  ip netns del "$CNS" 2>/dev/null || true
  ip link del "$VA" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
for cmd in haproxy nginx nft perl; do
  command -v "$cmd" >/dev/null || { echo "missing $cmd: apt-get install haproxy nginx-light nftables perl" >&2; exit 1; }
done
case "$PRIO" in
  rt) prio=(chrt -r 1) ;;
  nice:*) prio=(nice -n "${PRIO#nice:}") ;;
  none) prio=(env) ;;
  *) echo "PRIO must be rt, nice:N or none" >&2; exit 1 ;;
esac
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# --- build: the checkers module and its test classes (the harness), and the class path ---
if [ -z "${SKIP_BUILD:-}" ]; then
  "$here/scripts/mvn" -B -q -ntp -pl checkers -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$OUT/cp.txt" -Dmdep.includeScope=test > "$OUT/build.log" 2>&1 \
    || { tail -30 "$OUT/build.log"; exit 1; }
fi
CP="$here/checkers/target/test-classes:$here/checkers/target/classes:$(cat "$OUT/cp.txt")"
DAEMON_HOME=$(ls -d "$here"/daemon/target/tandem-*/tandem 2>/dev/null | head -1)
if [[ " $CHECKERS " == *" daemon "* ]] && [ ! -x "$DAEMON_HOME/bin/tandem" ]; then
  echo "CHECKERS names daemon: build it first (scripts/mvn -pl daemon -am package -DskipTests)" >&2; exit 1
fi
# shellcheck source=scripts/find-jdk.sh
. "$here/scripts/find-jdk.sh"; JAVA="$(tandem_find_jdk)/bin/java"

# --- lab ---
ip netns add "$SNS"; ip netns add "$CNS"
ip -n "$SNS" link set lo up; ip -n "$CNS" link set lo up
ip link add "$VA" type veth peer name "$VB"
ip link set "$VA" netns "$CNS" name eth0; ip link set "$VB" netns "$SNS" name eth0
ip -n "$CNS" link set eth0 up; ip -n "$SNS" link set eth0 up
for a in 1 10 11 12; do ip -n "$CNS" addr add "2001:db8:ff::$a/64" dev eth0 nodad; done
ip -n "$CNS" addr add 192.0.2.1/24 dev eth0   # the daemon checker's VRRP instance speaks IPv4 here
ip -n "$SNS" addr add 2001:db8:ff::2/64 dev eth0 nodad
ip -n "$SNS" -6 route add local 2001:db8:1::/112 dev lo
ip -n "$CNS" -6 route add 2001:db8:1::/112 via 2001:db8:ff::2
ip netns exec "$SNS" sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
# Static neighbour entries both ways: no NDP in the figures, and no SYN-ACK burst waiting (and
# overflowing the unresolved queue) for a neighbour lookup when a checker starts.
ip -n "$CNS" -6 neigh replace 2001:db8:ff::2 lladdr "$(ip -n "$SNS" -br link show eth0 | awk '{ print $3 }')" dev eth0 nud permanent
for a in 1 10 11 12; do
  ip -n "$SNS" -6 neigh replace "2001:db8:ff::$a" lladdr "$(ip -n "$CNS" -br link show eth0 | awk '{ print $3 }')" dev eth0 nud permanent
done
verdict=drop; [ "$KILL_HOW" = reset ] && verdict="reject with tcp reset"
ip netns exec "$SNS" nft -f - <<NFT
table inet chkbench {
  set killed { type ipv6_addr; }
  counter haproxy_syn {}
  counter tandem_syn {}
  counter daemon_syn {}
  chain input {
    type filter hook input priority 0;
    tcp dport 8080 tcp flags & (syn|ack) == syn ip6 saddr 2001:db8:ff::10 counter name haproxy_syn
    tcp dport 8080 tcp flags & (syn|ack) == syn ip6 saddr 2001:db8:ff::11 counter name tandem_syn
    tcp dport 8080 tcp flags & (syn|ack) == syn ip6 saddr 2001:db8:ff::12 counter name daemon_syn
    ip6 daddr @killed tcp dport 8080 $verdict
  }
}
NFT

cat > "$OUT/nginx.conf" <<NGX
worker_processes 1;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 65535; }
http {
  access_log off;
  server { listen [::]:8080 backlog=65535; location / { return 200 "ok\n"; } }
}
NGX
ip netns exec "$SNS" "${prio[@]}" nginx -c "$OUT/nginx.conf" -g 'daemon off;' & nginx_pid=$!; pids+=("$nginx_pid"); disown "$nginx_pid"
sleep 1
kill -0 "$nginx_pid" || { echo "nginx failed:"; cat "$OUT/nginx-error.log"; exit 1; }
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)

# Killed servers: KILL numbers spread over 1..COUNT; address of server n is 2001:db8:1::<hex n>.
awk -v c="$COUNT" -v k="$KILL" 'BEGIN { for (i = 0; i < k; i++) print 1 + int(i * c / k) }' > "$OUT/killed.txt"
killed_set=$(awk '{ printf "%s2001:db8:1::%x", (NR > 1 ? ", " : ""), $1 }' "$OUT/killed.txt")

syn() { ip netns exec "$SNS" nft list counter inet chkbench "$1" | awk '/packets/ { print $2 }'; }
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }  # user nice system irq softirq steal
# Packet processing the kernel deferred to its softirq threads is charged to no process: shown apart.
ksoftirqd() { local t=0 p; for p in $(pgrep -x 'ksoftirqd/[0-9]+'); do t=$((t + $(ticks "$p"))); done; echo "$t"; }
rss_mb() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
now() { date +%s.%N; }

haproxy_cfg() {  # mode file
  {
    echo "global"
    echo "  nbthread 1"
    echo "  maxconn 4000"
    echo "  log stdout format raw local0 notice"
    echo "defaults"
    echo "  mode $1"
    echo "  log global"
    echo "  timeout connect 1s"
    echo "  timeout check 1s"
    echo "  timeout client 10s"
    echo "  timeout server 10s"
    echo "frontend unused"                 # HAProxy wants a listener; nothing connects to it
    echo "  bind [::1]:18080"
    echo "  default_backend farm"
    echo "backend farm"
    if [ "$1" = http ]; then echo "  option httpchk GET /"; echo "  http-check expect status 200"; fi
    echo "  default-server check inter 1s fall 3 rise 2 source [2001:db8:ff::10]:0"
    awk -v c="$COUNT" 'BEGIN { for (i = 1; i <= c; i++) printf "  server s%d [2001:db8:1::%x]:8080\n", i, i }'
  } > "$2"
}

daemon_cfg() {  # mode file: 100 services x COUNT/100 real servers, dry-run engine, one VRRP instance
  {
    echo "tandem { node-id = bench, control.socket = \"$OUT/daemon.sock\""
    echo "  metrics.listen = \"127.0.0.1:9595\", scripts.security = false }"
    echo "vrrp.bench { interface = eth0, vrid = 77, priority = 150, advert-interval = 20ms, virtual-ips = [\"192.0.2.77/24\"] }"
    awk -v c="$COUNT" -v m="$1" 'BEGIN { per = int((c + 99) / 100); n = 0
      for (v = 0; v < 100 && n < c; v++) {
        printf "virtual-servers.s%d { vip = \"[2001:db8:ff::100]:%d\", engine = dry-run, real-servers = [\n", v, 10000 + v
        for (i = 0; i < per && n < c; i++) { n++
          printf "  { address = \"[2001:db8:1::%x]:8080\", check { type = %s, interval = 1s, timeout = 1s, fall = 3, rise = 2, source = \"2001:db8:ff::12\" } }\n", n, m }
        print "] }" } }'
  } > "$2"
}
metrics() { ip netns exec "$CNS" curl -sf --max-time 5 http://127.0.0.1:9595/metrics; }
# The advert send jitter histogram's buckets, "le=count" per line (cumulative since start).
jitter_snapshot() { metrics | awk '/^tandem_vrrp_advert_send_jitter_seconds_bucket/ {
  match($0, /le="[^"]+"/); print substr($0, RSTART + 4, RLENGTH - 5) "=" $NF }'; }
# "threads jitter_p99.9_ms adverts false_downs" of the running daemon over the window: jitter from
# the histogram's growth since $jitter0 (the bound of the bucket holding the 99.9th percentile).
daemon_stats() {
  local threads; threads=$(awk '/^Threads/ { print $2 }' "/proc/$cpid/status")
  { echo "$jitter0" | sed 's/^/0 /'; jitter_snapshot | sed 's/^/1 /'; metrics | awk '/^tandem_real_server_transitions_total/ && /to="down"/ { print "2", $0 }'; } |
  awk -v th="$threads" '
    $1 == 0 { split($2, kv, "="); before[kv[1]] = kv[2] }
    $1 == 1 { split($2, kv, "="); b[++nb] = kv[1]; v[nb] = kv[2] - before[kv[1]] }
    $1 == 2 { down += $NF }
    END { for (i = 1; i <= nb; i++) printf "le=%s %d\n", b[i], v[i] > "/dev/stderr"
      cnt = v[nb]; p = "-"; for (i = 1; i <= nb; i++) if (v[i] >= 0.999 * cnt) { p = (b[i] == "+Inf" ? "inf" : b[i] * 1000); break }
      printf "%s %s %d %d\n", th, p, cnt, down }'
}

# Starts one checker in the checker namespace; sets $cpid (the checker process) and $ev (its event log).
start_checker() {  # checker mode run
  local tag="$1-$2-$3"
  if [ "$1" = haproxy ]; then
    haproxy_cfg "$2" "$OUT/$tag.cfg"
    rm -f "$OUT/$tag.fifo"; mkfifo "$OUT/$tag.fifo"
    perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%.6f %s", time, $_' < "$OUT/$tag.fifo" \
      > "$OUT/$tag.log" & pids+=($!); stamp_pid=$!
    ip netns exec "$CNS" "${prio[@]}" haproxy -db -f "$OUT/$tag.cfg" > "$OUT/$tag.fifo" 2>&1 & cpid=$!; pids+=("$cpid")
  elif [ "$1" = daemon ]; then
    daemon_cfg "$2" "$OUT/$tag.conf"
    # shellcheck disable=SC2086
    TANDEM_CDS=0 TANDEM_JAVA_OPTS="$DAEMON_JAVA_OPTS $JAVA_EXTRA -Xlog:gc:file=$OUT/$tag-gc.log:timemillis" \
      ip netns exec "$CNS" "${prio[@]}" "$DAEMON_HOME/bin/tandem" run -f "$OUT/$tag.conf" > "$OUT/$tag.log" 2>&1 & cpid=$!; pids+=("$cpid")
    stamp_pid=
  else
    # shellcheck disable=SC2086
    ip netns exec "$CNS" "${prio[@]}" "$JAVA" --enable-native-access=ALL-UNNAMED $JAVA_OPTS $JAVA_EXTRA \
      -Xlog:gc:file="$OUT/$tag-gc.log":timemillis \
      -Dlogback.configurationFile="$here/checkers/bench/logback-bench.xml" \
      -cp "$CP" io.tandem.checkers.bench.CheckerBench "$2" "$COUNT" 2001:db8:ff::11 "$LOOPS" "$TICK_US" \
      > "$OUT/$tag.log" 2>&1 & cpid=$!; pids+=("$cpid")
    stamp_pid=
  fi
  sleep 1
  kill -0 "$cpid" 2>/dev/null || { echo "$1 failed to start:"; tail -20 "$OUT/$tag.log"; exit 1; }
}

stop_checker() {
  kill -TERM "$cpid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$cpid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$cpid" 2>/dev/null || true
  wait "$cpid" 2>/dev/null || true
  if [ -n "$stamp_pid" ]; then wait "$stamp_pid" 2>/dev/null || true; fi
}

# Verdict changes as "epoch DOWN|UP n", from either checker's log.
events() {  # checker logfile
  if [ "$1" = haproxy ]; then
    # "... Server farm/s17 is DOWN, reason: ..." (HAProxy may print it on stderr and on the log
    # stream; only a change of a server's state counts).
    awk 'match($0, /Server farm\/s[0-9]+ is (DOWN|UP)/) { split(substr($0, RSTART + 13, RLENGTH - 13), f, " is ");
         if (state[f[1]] != f[2]) { state[f[1]] = f[2]; print $1, f[2], f[1] } }' "$2"
  else
    awk '$1 == "DOWN" || $1 == "UP" { print $3, $1, $2 }' "$2"
  fi
}

# false DOWNs (before the kill or of a server not killed), then detection p50 p99 max (ms) and missed.
judge() {  # events-file kill-epoch
  awk -v tk="$2" -v kf="$OUT/killed.txt" '
    BEGIN { while ((getline n < kf) > 0) killed[n] = 1 }
    $2 == "DOWN" && ($1 < tk || !($3 in killed)) { falsedown++ }
    $2 == "DOWN" && $1 >= tk && ($3 in killed) && !($3 in got) { got[$3] = ($1 - tk) * 1000 }
    END {
      n = 0; for (s in got) v[++n] = got[s]
      for (i = 2; i <= n; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
      total = 0; for (s in killed) total++
      missed = total - n
      if (missed > 0) { p50 = p99 = mx = "inf" }  # a missed server counts as infinitely late
      else { p50 = sprintf("%.0f", v[int((n + 1) / 2)]); p99 = sprintf("%.0f", v[int(n * 0.99 + 0.999)]); mx = sprintf("%.0f", v[n]) }
      printf "%d %s %s %s %d\n", falsedown + 0, p50, p99, mx, missed
    }' "$1"
}

ip netns exec "$SNS" nft flush set inet chkbench killed
echo "# $(date -u +%FT%TZ) count=$COUNT warmup=${WARMUP}s window=${WINDOW}s kill=$KILL/$KILL_HOW prio=$PRIO tick=${TICK_US}us $(nproc) cores; java: $JAVA $JAVA_OPTS $JAVA_EXTRA" | tee "$OUT/results.txt"
header="checker mode run cores checks/s us/check RSS_MB false_down det_p50 det_p99 det_max missed nginx_cores machine_busy load1 lag_max_ms gc_pauses gc_max_ms ksoftirqd_cores"
echo "$header" | tee -a "$OUT/results.txt"
for mode in $MODES; do
  for run in $(seq "$ROUNDS"); do
    for checker in $CHECKERS; do
      tag="$checker-$mode-$run"
      counter=${checker}_syn
      start_checker "$checker" "$mode" "$run"
      sleep "$WARMUP"
      [ "$checker" = daemon ] && jitter0=$(jitter_snapshot)
      t0=$(now); c0=$(ticks "$cpid"); s0=$(syn "$counter"); b0=$(busy); n0=$(ticks "$nginx_worker"); k0=$(ksoftirqd)
      sleep "$WINDOW"
      t1=$(now); c1=$(ticks "$cpid"); s1=$(syn "$counter"); b1=$(busy); n1=$(ticks "$nginx_worker"); k1=$(ksoftirqd)
      rss=$(rss_mb "$cpid"); load=$(cut -d' ' -f1 /proc/loadavg)
      [ "$checker" = daemon ] && dstats=$(daemon_stats 2> "$OUT/$tag.jitter")
      tk=$(now)
      ip netns exec "$SNS" nft add element inet chkbench killed "{ $killed_set }"
      # The drop rule is in force once nft has committed, i.e. when the command returns: detection is
      # timed from there (the command itself takes 10-40 ms here; logged).
      tk2=$(now); echo "kill took $(awk -v a="$tk" -v b="$tk2" 'BEGIN { printf "%.0f", (b - a) * 1000 }') ms" >> "$OUT/$tag.kill"
      tk=$tk2
      sleep "$KILL_WAIT"
      stop_checker
      ip netns exec "$SNS" nft flush set inet chkbench killed
      if [ "$checker" = daemon ]; then
        # Detection is CheckerBench's figure; the daemon row reports false downs from /metrics and,
        # in the stalls columns, threads, advert send jitter p99.9 (bucket bound, ms) and adverts.
        read -r dthreads djit dadv fd <<< "$dstats"
        p50=- p99=- mx=- missed=-
      else
        events "$checker" "$OUT/$tag.log" > "$OUT/$tag.events"
        read -r fd p50 p99 mx missed < <(judge "$OUT/$tag.events" "$tk")
      fi
      # Tandem only: its event loop's worst timer lag and GC pauses (count, longest) within the window.
      stalls="- - -"
      if [ "$checker" = tandem ]; then
        stalls=$(awk -v t0="$t0" -v t1="$t1" -v gc="$OUT/$tag-gc.log" '
          $1 == "LAG" && $5 >= t0 && $5 <= t1 && $2 > lag { lag = $2 }
          END {
            while ((getline l < gc) > 0) {
              if (l !~ /Pause/) continue
              ms = substr(l, 2, index(l, "ms]") - 2) / 1000
              if (ms < t0 || ms > t1) continue
              n++; p = l; sub(/.* /, "", p); sub(/ms$/, "", p); p += 0; if (p > mx) mx = p
            }
            printf "%d %d %.1f\n", lag, n, mx }' "$OUT/$tag.log")
      fi
      if [ "$checker" = daemon ]; then
        stalls="threads=$dthreads jitter_p999_ms<=$djit adverts=$dadv"
      fi
      row=$(awk -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" -v b0="$b0" -v b1="$b1" \
        -v n0="$n0" -v n1="$n1" -v k0="$k0" -v k1="$k1" -v hz="$HZ" 'BEGIN { dt = t1 - t0; cpu = (c1 - c0) / hz; n = s1 - s0;
          printf "%.3f %.0f %.1f", cpu / dt, n / dt, (n > 0 ? cpu * 1e6 / n : 0);
          printf " | %.3f %.2f %.3f", (n1 - n0) / hz / dt, (b1 - b0) / hz / dt, (k1 - k0) / hz / dt }')
      read -r cores rate us _ ncores mbusy ksoft <<< "$row"
      echo "$checker $mode $run $cores $rate $us $rss $fd $p50 $p99 $mx $missed $ncores $mbusy $load $stalls $ksoft" | tee -a "$OUT/results.txt"
      sleep 2   # let the server's sockets settle between runs
    done
  done
done

echo
echo "medians over $ROUNDS runs (cores, checks/s, us/check, RSS, false downs summed, detection p50/p99 ms):"
awk 'NR > 2 { k = $1 " " $2; n[k]++; for (i = 4; i <= 11; i++) v[k, i, n[k]] = $i; fd[k] += $8; ord[k] = ord[k] ? ord[k] : ++m; key[m] = k }
  function med(k, i,   a, c, x, y, t) { c = n[k]; for (x = 1; x <= c; x++) a[x] = v[k, i, x] + 0
    for (x = 1; x <= c; x++) for (y = x + 1; y <= c; y++) if (a[y] < a[x]) { t = a[x]; a[x] = a[y]; a[y] = t }
    return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2 }
  END { for (j = 1; j <= m; j++) { k = key[j]; printf "%-14s cores %.3f  checks/s %.0f  us/check %.1f  RSS %.0f MB  false_down %d  detect p50 %.0f p99 %.0f ms\n",
      k, med(k, 4), med(k, 5), med(k, 6), med(k, 7), fd[k], med(k, 9), med(k, 10) } }' "$OUT/results.txt" | tee -a "$OUT/results.txt"
echo "logs in $OUT"
