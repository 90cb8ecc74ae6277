package io.tandem.checkers.spec;

/**
 * The parameters of one probe, by type. Every implementation is a record whose fields are values
 * (no arrays, no compiled patterns), so {@code equals} says whether two probes are the same probe.
 */
public sealed interface ProbeSpec
    permits TcpSpec, HttpSpec, UdpSpec, IcmpSpec, DnsSpec, SmtpSpec, ProcessSpec, ScriptSpec, FileSpec {

  /** A short type name used in metrics and logs: tcp, http, https, udp, icmp, dns, smtp, process, script, file. */
  String type();

  /** What is probed, for events and logs, e.g. {@code http [2001:db8::1]:80/health}. */
  String describe();
}
