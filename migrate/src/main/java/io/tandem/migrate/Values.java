package io.tandem.migrate;

import java.math.BigDecimal;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Value parsing as keepalived's read_*_strvec helpers do it, reporting into the converter's error list. */
final class Values {
  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern DECIMAL = Pattern.compile("\\d{1,12}(\\.\\d{1,9})?");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,12}");

  private final Sink sink;

  /** Where parse problems go (the converter). */
  interface Sink {
    void error(Node at, String message);
  }

  Values(Sink sink) {
    this.sink = sink;
  }

  /** A whole number in [min, max]; null (with an error) when missing, malformed or out of range. */
  Long integer(Node n, int index, long min, long max) {
    String s = n.arg(index);
    if (s.isEmpty()) {
      sink.error(n, "needs a value (" + min + ".." + max + ")");
      return null;
    }
    if (!INTEGER.matcher(s).matches()) {
      sink.error(n, "must be a whole number " + min + ".." + max + ", got '" + s + "'");
      return null;
    }
    long v = Long.parseLong(s);
    if (v < min || v > max) {
      sink.error(n, "must be " + min + ".." + max + ", got " + v);
      return null;
    }
    return v;
  }

  /**
   * keepalived's decimal seconds ("1", "0.5", "2.25") as milliseconds, rounded up to a whole
   * millisecond; null (with an error) when missing, malformed or outside [minMillis, maxMillis].
   */
  Long seconds(Node n, int index, long minMillis, long maxMillis) {
    String s = n.arg(index);
    if (s.isEmpty()) {
      sink.error(n, "needs a value in seconds");
      return null;
    }
    if (!DECIMAL.matcher(s).matches()) {
      sink.error(n, "must be a number of seconds such as 1 or 0.5, got '" + s + "'");
      return null;
    }
    BigDecimal millis = new BigDecimal(s).movePointRight(3);
    long ms = millis.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    if (ms < minMillis || ms > maxMillis) {
      sink.error(n, "must be " + Hocon.duration(minMillis) + ".." + Hocon.duration(maxMillis) + ", got " + s + "s");
      return null;
    }
    return ms;
  }

  /** keepalived's check_true_false: a missing value means true. */
  Boolean flag(Node n, int index) {
    String s = n.arg(index).toLowerCase(java.util.Locale.ROOT);
    return switch (s) {
      case "", "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        sink.error(n, "must be true or false, got '" + n.arg(index) + "'");
        yield null;
      }
    };
  }

  /** An IP address literal (no names: a migration must not depend on DNS). */
  static Optional<InetAddress> ip(String s) {
    if (!IPV4.matcher(s).matches() && !IPV6.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(s));
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static boolean isV4(InetAddress a) {
    return a instanceof Inet4Address;
  }

  /** The address as Tandem writes it, with brackets for IPv6 when followed by a port. */
  static String hostPort(InetAddress a, int port) {
    String host = isV4(a) ? literal(a) : "[" + literal(a) + "]";
    return port > 0 ? host + ":" + port : host;
  }

  /** The address in its usual text form: dotted quad, or IPv6 compressed as RFC 5952 §4 recommends. */
  static String literal(InetAddress a) {
    if (isV4(a)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // RFC 5952 §4.2.3: shorten the longest run of two or more zero groups (the first one on a tie).
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }
}
