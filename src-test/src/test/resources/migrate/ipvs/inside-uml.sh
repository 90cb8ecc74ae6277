# Runs inside user-mode Linux (sh, as part of PID 1) for ForwardingEquivalenceIT. Arguments:
#   $1 work directory   $2 keepalived.conf   $3 Tandem's tandem.conf (imported)   $4 bin/tandem
# Writes $1/ipvs-keepalived.txt and $1/ipvs-tandem.txt (`ipvsadm -Ln` once the table settled),
# the daemons' logs, and progress lines "mg-uml: ..." with the kernel's uptime.
set -u
W=$1; KA_CONF=$2; TANDEM_CONF=$3; TANDEM=$4
SETTLE_MS=5000      # a table counts once it has not changed for this long (2.5 x delay_loop)
KEEPALIVED_BOUND_MS=60000
TANDEM_BOUND_MS=180000   # a JVM inside UML on a loaded 2-core host has taken over 90 s to start
here=$(dirname "$0")

log() { echo "mg-uml: $* at $(cut -d' ' -f1 /proc/uptime) s"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Real servers in their own namespace behind a veth: not local addresses, or IPVS would turn them
# into "Local" forwarding.
sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
ip link add veth0 type veth peer name veth1
ip netns add mgrs
ip link set veth1 netns mgrs
ip netns exec mgrs sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.veth1.accept_dad=0
ip addr add 198.51.100.1/24 dev veth0
ip -6 addr add 2001:db8:100::1/64 dev veth0 nodad
ip link set veth0 up
ip -n mgrs link set lo up
for a in 11 12 13 14 15 16; do ip -n mgrs addr add 198.51.100.$a/24 dev veth1; done
ip -n mgrs -6 addr add 2001:db8:100::11/64 dev veth1 nodad
ip -n mgrs link set veth1 up
ip netns exec mgrs /usr/bin/python3 "$here/real-servers.py" 80 443 53 8080 > "$W/real-servers.log" 2>&1 &
RS=$!
i=0
until grep -q listening "$W/real-servers.log"; do
  i=$((i + 1)); [ $i -gt 200 ] && { log "real servers did not start"; cat "$W/real-servers.log"; exit 3; }
  sleep 0.1
done
log "real servers up"

# Waits (at most $2 ms) until the IPVS table has a real server and has not changed for SETTLE_MS;
# copies it to $1.
settle() {
  start=$(now_ms); since=$start; : > "$W/last.txt"
  while :; do
    ipvsadm -Ln > "$W/cur.txt" 2>&1
    t=$(now_ms)
    if ! cmp -s "$W/cur.txt" "$W/last.txt"; then
      cp "$W/cur.txt" "$W/last.txt"; since=$t
      log "table changed: $(grep -c -E '^(TCP|UDP|FWM|SCTP) ' "$W/cur.txt") services, $(grep -c -- '->.*[0-9]' "$W/cur.txt") real servers"
    elif grep -q -- '->.*[0-9]' "$W/cur.txt" && [ $((t - since)) -ge $SETTLE_MS ]; then
      cp "$W/cur.txt" "$1"; log "settled after $(( (since - start) / 1000 )) s"; return 0
    fi
    if [ $((t - start)) -ge "$2" ]; then
      cp "$W/cur.txt" "$1"; log "NOT settled after $2 ms"; return 1
    fi
    sleep 0.5
  done
}

# Stops $1 (a pid) with SIGTERM, then SIGKILL after 15 s.
stop() {
  kill "$1" 2>/dev/null
  i=0
  while kill -0 "$1" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 150 ] && { kill -9 "$1"; break; }
    sleep 0.1
  done
  wait "$1" 2>/dev/null
}

log "keepalived starting"
keepalived -n -l -D -f "$KA_CONF" -p "$W/keepalived.pid" -r "$W/vrrp.pid" -c "$W/checkers.pid" > "$W/keepalived.log" 2>&1 &
KA=$!
settle "$W/ipvs-keepalived.txt" $KEEPALIVED_BOUND_MS; echo $? > "$W/keepalived.settled"
stop $KA
# Not compared, only shown: what each daemon leaves in the kernel when it stops (SIGTERM).
log "keepalived stopped, leaving $(ipvsadm -Ln | grep -c -E '^(TCP|UDP|FWM|SCTP) ') services"
ipvsadm -C

log "tandem starting"
# C1 only and a small serial heap: one slow CPU in here; temporary files under the work directory.
TANDEM_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -Djava.io.tmpdir=$W/tmp -Djna.tmpdir=$W/tmp" \
  "$TANDEM" run -f "$TANDEM_CONF" > "$W/tandem.log" 2>&1 &
TN=$!
settle "$W/ipvs-tandem.txt" $TANDEM_BOUND_MS; echo $? > "$W/tandem.settled"
stop $TN
log "tandem stopped, leaving $(ipvsadm -Ln | grep -c -E '^(TCP|UDP|FWM|SCTP) ') services"
stop $RS
exit 0
