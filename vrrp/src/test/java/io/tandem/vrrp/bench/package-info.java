/** Benchmark harnesses (main classes, run by hand, never timed unit tests). See docs/bench-vrrp.md. */
package io.tandem.vrrp.bench;
