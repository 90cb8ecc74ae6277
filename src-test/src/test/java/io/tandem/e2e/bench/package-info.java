/**
 * Benchmarks of VRRP on the real wire (harnesses, not CI tests: their names do not end in IT, so
 * failsafe runs them only when named): failover dark time and failed connects (Tandem pair vs
 * keepalived pair), exec-to-first-advert start-up, a soak at 20 ms adverts, and many virtual
 * routers on one pair ({@code ManyVridsBench}). Run with
 * {@code bench/vrrp-failover/run.sh}; results in {@code src-test/target/bench-vrrp-wire-*.md} and
 * {@code docs/bench-vrrp-wire.md}.
 */
package io.tandem.e2e.bench;
