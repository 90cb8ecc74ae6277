#!/usr/bin/env bash
# The live demo (run as root): builds Tandem, then starts a lab in network namespaces — two
# directors running Tandem (VRRPv3, 100 ms adverts) in front of two real servers, and a client
# calling the VIP every 10 ms — and walks through a real server dying, the master being cut off,
# coming back, and a planned handover, printing who answered and how long each outage lasted.
# Forwarding uses Tandem's built-in user-space proxy, so no IPVS kernel module is needed.
# Everything lives in namespaces named demo-*, on TEST-NET addresses; it is all removed on exit,
# also on Ctrl-C or failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
[ "$(id -u)" -eq 0 ] || { echo "demo: run as root (it creates network namespaces)" >&2; exit 1; }
for c in ip awk; do command -v $c >/dev/null || { echo "demo: needs $c (apt-get install iproute2 gawk)" >&2; exit 1; }; done

echo "==> building Tandem (tests skipped; scripts/test.sh runs them)"
scripts/mvn -B -q -ntp package -DskipTests
tandem=$here/daemon/target/tandem-0.1.0-SNAPSHOT/tandem/bin/tandem
source scripts/find-jdk.sh
java=$(tandem_find_jdk)/bin/java
labcp=$here/testkit/target/classes
work=$(mktemp -d /tmp/tandem-demo.XXXXXX)
pids=()

cleanup() {
  trap - EXIT INT TERM
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in $(seq 50); do # the directors hand over before exiting: give them up to 5 s
    alive=0
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ $alive -eq 0 ] && break
    sleep 0.1
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for n in sw lb1 lb2 rs1 rs2 cli; do ip netns del "demo-$n" 2>/dev/null || true; done
  if [ -n "${DEMO_KEEP:-}" ]; then echo "logs kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'echo; echo "interrupted: cleaning up"; exit 130' INT TERM

say() { printf '\n\033[1m%s\033[0m\n' "$*"; }
# A phase starts at the client's latest attempt, on the client's own clock (ms since its JVM
# started): a clock of the script's would be ahead of it by the JVM's start-up and put the first
# failures of a phase into the one before.
mark() { echo "$(tail -n 1 "$work/client" 2>/dev/null | cut -d' ' -f1 | grep -E '^[0-9]+$' || echo 0) $1" >> "$work/phases"; }

say "==> lab: bridge + lb1 (.11) lb2 (.12) rs1 (.101) rs2 (.102) client (.50) in 192.0.2.0/24, VIP 192.0.2.10"
ip netns add demo-sw
ip -n demo-sw link add br0 type bridge
ip -n demo-sw link set br0 up
for h in lb1:11 lb2:12 rs1:101 rs2:102 cli:50; do
  n=${h%%:*}; a=${h##*:}
  ip netns add "demo-$n"
  ip link add "demo-$n-0" type veth peer name "demo-$n-1"
  ip link set "demo-$n-0" netns "demo-$n" name eth0
  ip link set "demo-$n-1" netns demo-sw name "$n"
  ip -n demo-sw link set "$n" master br0 up
  ip -n "demo-$n" addr add "192.0.2.$a/24" dev eth0
  ip -n "demo-$n" link set eth0 up
  ip -n "demo-$n" link set lo up
done

for r in rs1 rs2; do
  ip netns exec "demo-$r" "$java" -cp "$labcp" io.tandem.testkit.lab.NameServer 8080 "$r" > "$work/$r.log" 2>&1 &
  pids+=($!); eval "${r}_pid=$!"; disown
done

for d in lb1:150 lb2:100; do
  n=${d%%:*}; prio=${d##*:}
  mkdir -p "$work/$n/conf.d"
  cat > "$work/$n/tandem.conf" <<EOF
tandem { node-id = $n, include-dir = conf.d, control.socket = "$work/$n/tandem.sock" }
EOF
  cat > "$work/$n/conf.d/web.conf" <<EOF
vrrp.web {
  interface = eth0, vrid = 51, version = 3, priority = $prio, advert-interval = 100ms
  virtual-ips = ["192.0.2.10/24"]
  track.services = [{ name = web, weight = -100 }]
}
virtual-servers.web {
  vip = "192.0.2.10:80", protocol = tcp, scheduler = rr, forwarding = nat
  engine = userspace   # the built-in proxy: no IPVS needed for the demo
  real-servers = [
    { address = "192.0.2.101:8080", check { type = tcp, interval = 200ms, timeout = 150ms, fall = 2, rise = 2 } }
    { address = "192.0.2.102:8080", check { type = tcp, interval = 200ms, timeout = 150ms, fall = 2, rise = 2 } }
  ]
}
EOF
  ip netns exec "demo-$n" "$tandem" run -f "$work/$n/tandem.conf" > "$work/$n.log" 2>&1 &
  pids+=($!); disown
done
say "==> two Tandem directors started (logs in $work/lb*.log); waiting for the election"
for _ in $(seq 100); do
  "$tandem" status -s "$work/lb1/tandem.sock" 2>/dev/null | grep -q " MASTER " && break
  sleep 0.1
done
"$tandem" status -s "$work/lb1/tandem.sock"

ip netns exec demo-cli "$java" -cp "$labcp" io.tandem.testkit.lab.ProbeClient 192.0.2.10 80 10 0 200 > "$work/client" &
pids+=($!); disown
sleep 1 # the client's JVM warms up
mark "steady state"
sleep 2

say "==> killing real server rs1 (traffic shifts to rs2 once its check fails)"
mark "rs1 killed"
kill "$rs1_pid"
sleep 2

say "==> cutting the master lb1 off the network (lb2 takes over)"
mark "lb1 cut off"
ip -n demo-sw link set lb1 down
sleep 2
"$tandem" status -s "$work/lb2/tandem.sock" | sed -n '3,4p'

say "==> plugging lb1 back in (it has the higher priority and preempts)"
mark "lb1 back"
ip -n demo-sw link set lb1 up
sleep 2
"$tandem" status -s "$work/lb1/tandem.sock" | sed -n '3,4p'

say "==> planned handover: tandem handover web (on lb1)"
mark "handover"
"$tandem" handover web -s "$work/lb1/tandem.sock"
sleep 2
"$tandem" status -s "$work/lb2/tandem.sock" | sed -n '3,4p'
mark "end"
sleep 0.1

say "==> timeline (client: a new connection every 10 ms, 200 ms timeout)"
awk -v phases="$work/phases" '
  BEGIN {
    while ((getline line < phases) > 0) { split(line, f, " "); n++; at[n] = f[1]; sub(/^[0-9]+ /, "", line); name[n] = line }
    printf "%-14s %7s %6s %-22s %10s %9s %9s\n", "phase", "from ms", "tries", "answered by", "no connect", "cut", "outage ms"
  }
  {
    t = $1; p = 0
    for (i = 1; i < n; i++) if (t >= at[i] && t < at[i + 1]) p = i
    if (!p) next
    tries[p]++
    if ($2 == "OK") { who[p, $3]++; if (fs[p] != "") { o = t - fs[p]; if (o > out[p]) out[p] = o; fs[p] = "" } }
    else { if ($3 ~ /^connect/) noconn[p]++; else cut[p]++; if (fs[p] == "") fs[p] = t }
  }
  END {
    for (i = 1; i < n; i++) {
      if (fs[i] != "") { o = at[i + 1] - fs[i]; if (o > out[i]) out[i] = o }
      s = ""; if (who[i, "rs1"]) s = s "rs1:" who[i, "rs1"] " "; if (who[i, "rs2"]) s = s "rs2:" who[i, "rs2"]
      printf "%-14s %7d %6d %-22s %10d %9d %9d\n", name[i], at[i], tries[i], s, noconn[i], cut[i], out[i] + 0
    }
  }' "$work/client"
echo
echo "no connect = the connection could not be opened; cut = it was opened but no (good) answer came back"
echo "(a request in flight on the old master when the VIP moves: two hosts cannot share one TCP connection);"
echo "outage = longest run of failed attempts in the phase (0 = none lost); forwarding: user-space proxy."
