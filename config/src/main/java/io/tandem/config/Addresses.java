package io.tandem.config;

import io.tandem.config.model.HostPort;
import io.tandem.config.model.IpPrefix;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses address literals only. A host name is refused: resolving names while loading a config
 * would make {@code tandem check} depend on DNS and let a typo silently point at another host.
 */
final class Addresses {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

  private Addresses() {}

  /** A literal IPv4 or IPv6 address; throws IllegalArgumentException with a reason. */
  static InetAddress ip(String s) {
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
      throw new IllegalArgumentException("not an IP address literal: '" + s + "'");
    }
    try {
      return InetAddress.getByName(s); // a literal: no lookup happens
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address literal: '" + s + "'");
    }
  }

  /** {@code 192.0.2.10/24}, {@code 2001:db8::10/64}; no length means a host prefix. */
  static IpPrefix prefix(String s) {
    int slash = s.indexOf('/');
    InetAddress a = ip(slash < 0 ? s : s.substring(0, slash));
    int max = a instanceof Inet4Address ? 32 : 128;
    if (slash < 0) {
      return new IpPrefix(a, max);
    }
    String len = s.substring(slash + 1);
    int n;
    try {
      n = Integer.parseInt(len);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("prefix length must be a number, got '" + len + "'");
    }
    if (n < 0 || n > max) {
      throw new IllegalArgumentException("prefix length must be 0.." + max + ", got " + n);
    }
    return new IpPrefix(a, n);
  }

  /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
  static HostPort hostPort(String s, boolean portRequired) {
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("missing ']' in '" + s + "'");
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (rest.startsWith(":")) {
        port = rest.substring(1);
      } else if (!rest.isEmpty()) {
        throw new IllegalArgumentException("expected ':port' after ']' in '" + s + "'");
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && s.indexOf(':') != colon) {
        throw new IllegalArgumentException("write IPv6 with a port as [address]:port, got '" + s + "'");
      }
      host = colon < 0 ? s : s.substring(0, colon);
      port = colon < 0 ? null : s.substring(colon + 1);
    }
    InetAddress a = ip(host);
    if (port == null) {
      if (portRequired) {
        throw new IllegalArgumentException("needs a port, e.g. '" + s + ":80'");
      }
      return new HostPort(a, 0);
    }
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, got '" + port + "'");
    }
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + p);
    }
    return new HostPort(a, p);
  }
}
