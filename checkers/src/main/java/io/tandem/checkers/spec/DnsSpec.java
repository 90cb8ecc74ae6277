package io.tandem.checkers.spec;

import java.util.Objects;
import java.util.Set;

/**
 * DNS query over UDP (keepalived DNS_CHECK): asks {@code name}/{@code type}; up when the reply's
 * rcode is one of {@code expectedRcodes} and, if {@code requireAnswer}, it carries at least one
 * answer record of the asked type.
 *
 * @param queryType a record type mnemonic: A, AAAA, NS, SOA, MX, TXT, CNAME, PTR, SRV
 * @param expectedRcodes RFC 1035 section 4.1.1 RCODE values, 0 = NOERROR
 */
public record DnsSpec(NetTarget target, String name, String queryType, Set<Integer> expectedRcodes, boolean requireAnswer)
    implements ProbeSpec {
  public static final Set<String> TYPES = Set.of("A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "PTR", "SRV");

  public DnsSpec {
    Objects.requireNonNull(target, "target");
    if (name == null || name.isBlank() || name.length() > 253) {
      throw new IllegalArgumentException("query name must be 1..253 characters: " + name);
    }
    queryType = queryType.toUpperCase(java.util.Locale.ROOT);
    if (!TYPES.contains(queryType)) {
      throw new IllegalArgumentException("unsupported query type " + queryType + " (supported: " + TYPES + ")");
    }
    expectedRcodes = Set.copyOf(expectedRcodes);
    if (expectedRcodes.isEmpty()) {
      throw new IllegalArgumentException("expectedRcodes is empty: no answer could ever be up");
    }
    for (int r : expectedRcodes) {
      if (r < 0 || r > 15) {
        throw new IllegalArgumentException("rcode out of range 0..15: " + r);
      }
    }
  }

  /** Asks {@code name}/{@code type}, expecting NOERROR with at least one answer. */
  public static DnsSpec of(NetTarget target, String name, String queryType) {
    return new DnsSpec(target, name, queryType, Set.of(0), true);
  }

  @Override
  public String type() {
    return "dns";
  }

  @Override
  public String describe() {
    return "dns " + target + " " + name + "/" + queryType;
  }
}
