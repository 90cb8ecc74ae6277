#!/usr/bin/env bash
# Failover dark time with and without hung notify scripts (issue 7): two Tandem directors
# (VRRPv3, 100 ms adverts, user-space proxy), a client connecting to the VIP every 5 ms; the
# master's bridge port is cut, and the longest run of failed connects is the dark time. With
# HUNG=1 every notify hook (master/backup/fault/any) is a script that never exits.
# Usage (root, after `scripts/mvn package -DskipTests`): bench/notify-failover.sh RUNS
# Prints one line per run: "hung=<0|1> run=<n> dark_ms=<ms> failed=<n>", alternating 0 1 0 1.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
tandem=$here/daemon/target/tandem-0.1.0-SNAPSHOT/tandem/bin/tandem
source "$here/scripts/find-jdk.sh"
java=$(tandem_find_jdk)/bin/java
labcp=$here/testkit/target/classes
work=$(mktemp -d /tmp/tandem-nfb.XXXXXX)
P=nfb
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for n in sw lb1 lb2 rs1 cli; do ip netns del "$P-$n" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
printf '#!/bin/sh\nexec sleep 3600\n' > "$work/hang.sh"; chmod 755 "$work/hang.sh"

one_run() { # $1 = hung (0/1), $2 = run
  pids=()
  ip netns add $P-sw; ip -n $P-sw link add br0 type bridge; ip -n $P-sw link set br0 up
  for h in lb1:11 lb2:12 rs1:101 cli:50; do
    n=${h%%:*}; a=${h##*:}
    ip netns add "$P-$n"
    ip link add "$P-$n-0" type veth peer name "$P-$n-1"
    ip link set "$P-$n-0" netns "$P-$n" name eth0
    ip link set "$P-$n-1" netns $P-sw name "$n"
    ip -n $P-sw link set "$n" master br0 up
    ip -n "$P-$n" addr add "192.0.2.$a/24" dev eth0
    ip -n "$P-$n" link set eth0 up; ip -n "$P-$n" link set lo up
  done
  ip netns exec $P-rs1 "$java" -cp "$labcp" io.tandem.testkit.lab.NameServer 8080 rs1 > /dev/null 2>&1 & pids+=($!)
  notify=""
  [ "$1" = 1 ] && notify="notify { master = $work/hang.sh, backup = $work/hang.sh, fault = $work/hang.sh, any = $work/hang.sh }"
  for d in lb1:150 lb2:100; do
    n=${d%%:*}; prio=${d##*:}
    mkdir -p "$work/$n/conf.d"
    echo "tandem { node-id = $n, include-dir = conf.d, control.socket = \"$work/$n/tandem.sock\", scripts.security = false }" > "$work/$n/tandem.conf"
    cat > "$work/$n/conf.d/web.conf" <<CONF
vrrp.web {
  interface = eth0, vrid = 51, version = 3, priority = $prio, advert-interval = 100ms
  virtual-ips = ["192.0.2.10/24"]
  $notify
}
virtual-servers.web {
  vip = "192.0.2.10:80", protocol = tcp, scheduler = rr, forwarding = nat, engine = userspace
  real-servers = [ { address = "192.0.2.101:8080", check { type = tcp, interval = 200ms, timeout = 150ms } } ]
}
CONF
    ip netns exec "$P-$n" "$tandem" run -f "$work/$n/tandem.conf" > "$work/$n.log" 2>&1 & pids+=($!)
  done
  for _ in $(seq 200); do "$tandem" status -s "$work/lb1/tandem.sock" 2>/dev/null | grep -q " MASTER " && break; sleep 0.1; done
  ip netns exec $P-cli "$java" -cp "$labcp" io.tandem.testkit.lab.ProbeClient 192.0.2.10 80 5 6000 100 > "$work/client" & local client=$!
  sleep 3
  ip -n $P-sw link set lb1 down
  wait $client || true
  awk -v hung="$1" -v run="$2" '
    $2 == "OK" { if (s != "") { d = $1 - s; if (d > dark) dark = d; s = "" } next }
    { failed++; if (s == "") s = $1 }
    END { printf "hung=%s run=%s dark_ms=%d failed=%d\n", hung, run, dark, failed }' "$work/client"
  cleanup_run
}
cleanup_run() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 2
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for n in sw lb1 lb2 rs1 cli; do ip netns del "$P-$n" 2>/dev/null || true; done
}
for r in $(seq "$runs"); do one_run 0 "$r"; one_run 1 "$r"; done
