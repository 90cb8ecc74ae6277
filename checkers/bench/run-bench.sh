#!/usr/bin/env bash
# Health-check benchmark: Tandem's checker pool vs HAProxy (nbthread 1) on the same 10,000 targets.
# Lab (shared/README "Load lab recipe"): 10k IPv6 addresses (AnyIP 2001:db8:1::/112) on one nginx in a
# server namespace, a checker namespace routed to it, no NAT. SYNs counted by nft per source address
# (HAProxy binds 2001:db8:ff::10, Tandem 2001:db8:ff::11). The two run one after the other, per mode.
# Usage (root): checkers/bench/run-bench.sh [count=10000] [warmup_s=15] [window_s=60] [kill=100]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
COUNT=${1:-10000}; WARMUP=${2:-15}; WINDOW=${3:-60}; KILL=${4:-100}
SNS=tckbsrv$$; CNS=tckbchk$$; WORK=$(mktemp -d /tmp/ck-bench.XXXXXX)
HZ=$(getconf CLK_TCK)
pids=()

cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  # whatever still runs in our namespaces was started by this script (nginx workers, ...)
  for ns in "$SNS" "$CNS"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  done
  ip netns del "$SNS" 2>/dev/null || true
  ip netns del "$CNS" 2>/dev/null || true
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || { echo "run as root" >&2; exit 1; }
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"  # HAProxy sizes its fd limit from maxconn and the server count
for pkg in haproxy nginx-light; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || {
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; }
done

# Build and classpath (offline once the dependency plugin is in ~/.m2).
"$here/scripts/mvn" -B -q -o -pl checkers test-compile dependency:build-classpath \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="$here/checkers/target/test-classes:$here/checkers/target/classes:$(cat "$WORK/cp.txt")"
. "$here/scripts/find-jdk.sh"; JAVA="$(tandem_find_jdk)/bin/java"

# --- lab ---
ip netns add "$SNS"; ip netns add "$CNS"
ip -n "$SNS" link set lo up; ip -n "$CNS" link set lo up
ip link add ckb$$a type veth peer name ckb$$b
ip link set ckb$$a netns "$CNS" name eth0; ip link set ckb$$b netns "$SNS" name eth0
ip -n "$CNS" link set eth0 up; ip -n "$SNS" link set eth0 up
ip -n "$CNS" addr add 2001:db8:ff::1/64 dev eth0 nodad
for a in 10 11; do ip -n "$CNS" addr add 2001:db8:ff::$a/64 dev eth0 nodad; done
ip -n "$SNS" addr add 2001:db8:ff::2/64 dev eth0 nodad
ip -n "$SNS" -6 route add local 2001:db8:1::/112 dev lo
ip -n "$CNS" -6 route add 2001:db8:1::/112 via 2001:db8:ff::2
ip netns exec "$SNS" sysctl -qw net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65535
ip netns exec "$SNS" nft -f - <<NFT
table inet ckb {
  set killed { type ipv6_addr; }
  counter haproxy_syn {}
  counter tandem_syn {}
  chain input {
    type filter hook input priority 0;
    tcp dport 8080 tcp flags & (syn|ack) == syn ip6 saddr 2001:db8:ff::10 counter name haproxy_syn
    tcp dport 8080 tcp flags & (syn|ack) == syn ip6 saddr 2001:db8:ff::11 counter name tandem_syn
    ip6 daddr @killed tcp dport 8080 reject with tcp reset
  }
}
NFT

cat > "$WORK/nginx.conf" <<NGX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 65535; }
http {
  access_log off;
  server { listen [::]:8080 backlog=65535; location / { return 200 "ok\n"; } }
}
NGX
ip netns exec "$SNS" nginx -c "$WORK/nginx.conf" -g 'daemon off;' & pids+=($!)
sleep 1

syn() { ip netns exec "$SNS" nft list counter inet ckb "$1" | awk '/packets/ {print $2}'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

# measure PID NAME COUNTER: CPU and SYNs over the window after the warm-up
measure() {
  local pid=$1 counter=$3
  sleep "$WARMUP"
  local t0 s0 c0 t1 s1 c1
  t0=$(date +%s.%N); c0=$(ticks "$pid"); s0=$(syn "$counter")
  sleep "$WINDOW"
  t1=$(date +%s.%N); c1=$(ticks "$pid"); s1=$(syn "$counter")
  local rss; rss=$(rss_mb "$pid")
  awk -v t0="$t0" -v t1="$t1" -v c0="$c0" -v c1="$c1" -v s0="$s0" -v s1="$s1" -v hz="$HZ" -v rss="$rss" \
    'BEGIN { dt=t1-t0; cpu=(c1-c0)/hz; n=s1-s0; printf "%.3f %.0f %.1f %s\n", cpu/dt, n/dt, cpu*1e6/n, rss }'
}

haproxy_cfg() {  # mode
  {
    echo "global"; echo "  nbthread 1"; echo "  maxconn 4000"; echo "  log stdout format raw local0"
    echo "defaults"; echo "  mode $1"; echo "  log global"; echo "  timeout connect 1s"; echo "  timeout check 1s"
    echo "  timeout client 10s"; echo "  timeout server 10s"
    echo "frontend unused"; echo "  bind [::1]:18080"; echo "  default_backend farm"  # HAProxy refuses to start without a listener
    echo "backend farm"
    [ "$1" = http ] && { echo "  option httpchk GET /"; echo "  http-check expect status 200"; }
    echo "  default-server check inter 1s fall 3 rise 2 source [2001:db8:ff::10]"
    for i in $(seq 1 "$COUNT"); do printf '  server s%d [2001:db8:1::%x]:8080\n' "$i" "$i"; done
  } > "$WORK/haproxy-$1.cfg"
}

results=()
for mode in tcp http; do
  haproxy_cfg "$mode"
  ip netns exec "$CNS" haproxy -db -f "$WORK/haproxy-$mode.cfg" > "$WORK/haproxy-$mode.log" 2>&1 & hp=$!; pids+=($hp)
  sleep 0.5
  kill -0 "$hp" || { echo "haproxy failed:"; cat "$WORK/haproxy-$mode.log"; exit 1; }
  m=$(measure "$hp" haproxy haproxy_syn)  # ip netns exec execs, so $hp is haproxy itself
  kill "$hp"; wait "$hp" 2>/dev/null || true
  downs=$(grep -c "is DOWN" "$WORK/haproxy-$mode.log" || true)
  results+=("HAProxy $mode $m $downs -")

  ip netns exec "$CNS" "$JAVA" --enable-native-access=ALL-UNNAMED -Xms64m -Xmx128m -XX:+UseSerialGC \
    -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1 \
    -Dlogback.configurationFile="$here/checkers/bench/logback-bench.xml" \
    -cp "$CP" io.tandem.checkers.bench.CheckerBench "$mode" "$COUNT" 2001:db8:ff::11 "$WARMUP" "$WINDOW" "$KILL" "$SNS" \
    > "$WORK/tandem-$mode.log" 2>&1 & jp=$!; pids+=($jp)
  sleep 0.5
  m=$(measure "$jp" tandem tandem_syn)
  wait "$jp" || { echo "bench JVM failed:"; tail -20 "$WORK/tandem-$mode.log"; exit 1; }
  downs=$(awk '/^false_downs / {print $2}' "$WORK/tandem-$mode.log")
  detect=$(awk '/^detect_ms/ {print "p50=" $3 " p99=" $5 " max=" $7 " missed=" $9}' "$WORK/tandem-$mode.log")
  results+=("Tandem $mode $m $downs $detect")
  ip netns exec "$SNS" nft flush set inet ckb killed
done

echo
echo "targets=$COUNT interval=1s warmup=${WARMUP}s window=${WINDOW}s ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-8s %-5s %7s %9s %12s %7s %11s  %s\n' checker mode cores "checks/s" "us_cpu/check" "RSS_MB" "false_DOWN" "kill->down (ms, fall 3 x 1 s)"
for r in "${results[@]}"; do
  set -- $r
  printf '%-8s %-5s %7s %9s %12s %7s %11s  %s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "${*:8}"
done
echo "logs in $WORK"
