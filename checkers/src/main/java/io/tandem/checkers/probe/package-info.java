/**
 * The probes, one class per type, behind the small {@link io.tandem.checkers.probe.Probe}
 * interface: each attempt returns a future that completes once with a {@link
 * io.tandem.checkers.core.ProbeResult} carrying its reason and latency. Network probes run
 * non-blocking on Netty event loops (epoll when available, else NIO; ICMP on one raw socket per
 * family and namespace with a receiver thread); blocking work (SMTP, scripts, /proc and file reads)
 * runs on a bounded executor so a hung target never holds up other probes. Edge: sockets, processes
 * and files.
 */
package io.tandem.checkers.probe;
