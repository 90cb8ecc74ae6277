#!/usr/bin/env bash
# Re-captures the keepalived vectors in this directory (not run by the tests; needs root,
# keepalived 2.2.7 and tcpdump). Two namespaces joined by a veth pair: keepalived runs alone in
# "a" (so every instance becomes master), tcpdump listens in "b".
# Usage: capture-keepalived.sh OUTDIR   -> OUTDIR/capture.pcap
set -euo pipefail
out=${1:?outdir}; mkdir -p "$out"
here=$(cd "$(dirname "$0")" && pwd)
a=vcvecA$$; b=vcvecB$$
cleanup() { set +e; [[ -n ${kpid:-} ]] && kill "$kpid" && sleep 1; [[ -n ${tpid:-} ]] && kill "$tpid"; sleep 0.5; ip netns del "$a"; ip netns del "$b"; } 2>/dev/null
trap cleanup EXIT
ip netns add "$a"; ip netns add "$b"
ip link add vcv$$a type veth peer name vcv$$b
ip link set vcv$$a netns "$a" name eth0; ip link set vcv$$b netns "$b" name eth0
ip -n "$a" addr add 192.0.2.1/24 dev eth0; ip -n "$b" addr add 192.0.2.2/24 dev eth0
ip -n "$a" link set eth0 up; ip -n "$b" link set eth0 up; ip -n "$a" link set lo up
sleep 2  # IPv6 link-local DAD
ip netns exec "$b" tcpdump -i eth0 -U -w "$out/capture.pcap" 'ip proto 112 or ip6 proto 112' 2>"$out/tcpdump.log" & tpid=$!
sleep 1
ip netns exec "$a" keepalived -n -l -D -P -f "$here/keepalived-capture.conf" -p "$out/k.pid" -r "$out/v.pid" -c "$out/c.pid" >"$out/keepalived.log" 2>&1 & kpid=$!
sleep 9
