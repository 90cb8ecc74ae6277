#!/usr/bin/env bash
# VRRP on the real wire: failover and start-up benchmarks, Tandem and keepalived side by side.
# Not part of CI. Needs root, keepalived, the built distribution (scripts/mvn -pl daemon -am install
# -DskipTests). Results: src-test/target/bench-vrrp-wire-{failover,startup}.md (and stdout).
#
#   bench/vrrp-failover/run.sh                      # everything: ~15-25 min on 2 cores
#   BENCH_RUNS=1 BENCH_SETTINGS=v3-100 bench/vrrp-failover/run.sh failover
#   bench/vrrp-failover/run.sh soak                 # 10 min per implementation at VRRPv3 20 ms
#   bench/vrrp-failover/run.sh many                 # many virtual routers: ~25-35 min (needs tcpdump)
#
# BENCH_SETTINGS: comma list of v<version>-<advert interval ms> (default v2-1000,v3-100,v3-50,v3-20,v3-10)
# BENCH_EVENTS:   cut,priority,graceful;  BENCH_IMPLS: tandem,keepalived;  BENCH_RUNS: 3 (startup: 5, many: 1)
# many: BENCH_MANY_SCENARIOS <interfaces>x<VRIDs per interface>-<interval ms>, comma list (default
#       1x10-100,1x100-100,1x255-100,4x250-100,1x100-10); BENCH_MANY_STEADY s (60); BENCH_MANY_BOUND s (180)
# BENCH_AM=1: build the sibling modules from this tree too (-am) instead of taking them from ~/.m2
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
what=${1:-all}
args=(-B -ntp -o -q -pl src-test verify -Dtandem.require.all=true -Dfailsafe.failIfNoSpecifiedTests=false
  -Dbench.settings="${BENCH_SETTINGS:-v2-1000,v3-100,v3-50,v3-20,v3-10}"
  -Dbench.events="${BENCH_EVENTS:-cut,priority,graceful}" -Dbench.impls="${BENCH_IMPLS:-tandem,keepalived}")
case "$what" in
  failover) tests=FailoverBench ;;
  startup) tests=StartupBench ;;
  soak) tests=SoakBench ;;     # BENCH_SOAK_MINUTES (default 10) per implementation
  many) tests=ManyVridsBench ;;
  all) tests=StartupBench,FailoverBench ;;
  *) echo "usage: $0 [all|failover|startup|soak|many]" >&2; exit 2 ;;
esac
[ -n "${BENCH_RUNS:-}" ] && args+=(-Dbench.runs="$BENCH_RUNS")
[ -n "${BENCH_SOAK_MINUTES:-}" ] && args+=(-Dbench.soak.minutes="$BENCH_SOAK_MINUTES")
[ -n "${BENCH_MANY_SCENARIOS:-}" ] && args+=(-Dbench.many.scenarios="$BENCH_MANY_SCENARIOS")
[ -n "${BENCH_MANY_STEADY:-}" ] && args+=(-Dbench.many.steady="$BENCH_MANY_STEADY")
[ -n "${BENCH_MANY_BOUND:-}" ] && args+=(-Dbench.many.bound="$BENCH_MANY_BOUND")
[ "${BENCH_AM:-0}" = 1 ] && args+=(-am -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false)
"$here/scripts/mvn" "${args[@]}" -Dit.test="$tests"
cat "$here"/src-test/target/bench-vrrp-wire-*.md
