package io.tandem.notify.event;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses as glibc's inet_ntop() writes them, which is what keepalived puts in FIFO lines.
 * Java's getHostAddress() does not compress IPv6 zeros, so an unchanged FIFO consumer would see a
 * different string.
 */
public final class AddressText {
  private AddressText() {}

  public static String of(InetAddress address) {
    if (address instanceof Inet4Address) {
      return address.getHostAddress();
    }
    byte[] b = address.getAddress();
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    // Longest run of zero words, first one on ties; glibc compresses only runs of two or more.
    int bestBase = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestBase = i;
        bestLen = j - i;
      }
      i = j;
    }
    if (bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          sb.append(':');
        }
        continue;
      }
      if (i != 0) {
        sb.append(':');
      }
      // glibc writes IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) tails in dotted form.
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && words[5] == 0xffff))) {
        sb.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
            .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        break;
      }
      sb.append(Integer.toHexString(words[i]));
    }
    if (bestBase >= 0 && bestBase + bestLen == 8) {
      sb.append(':');
    }
    return sb.toString();
  }
}
