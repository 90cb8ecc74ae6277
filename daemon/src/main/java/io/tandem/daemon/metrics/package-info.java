/**
 * Metrics in the Prometheus text format (0.0.4): counter, gauge and histogram families with
 * labels, plus collectors that read the cores' own counters at scrape time. No dependency beyond
 * the JDK. Core (pure data and formatting); the HTTP listener lives in {@code daemon.web}.
 */
package io.tandem.daemon.metrics;
