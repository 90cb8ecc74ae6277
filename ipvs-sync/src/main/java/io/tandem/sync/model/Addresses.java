package io.tandem.sync.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Parses IP literals without ever touching DNS. */
public final class Addresses {
  private Addresses() {}

  /** Parses an IPv4 or IPv6 literal; a host name is rejected rather than resolved. */
  public static InetAddress parse(String literal) {
    String s = literal.trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    boolean looksLiteral = !s.isEmpty() && (s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)));
    if (!looksLiteral) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'");
    }
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + literal + "'", e);
    }
  }
}
