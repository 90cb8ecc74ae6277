package io.tandem.netlink;

import java.util.HexFormat;

/** A 48-bit Ethernet address. Immutable; {@link #toString()} gives the usual colon form. */
public final class MacAddress {
  public static final int LENGTH = 6;
  public static final MacAddress BROADCAST = of(new byte[] {-1, -1, -1, -1, -1, -1});
  public static final MacAddress ZERO = of(new byte[LENGTH]);

  private final byte[] bytes;

  private MacAddress(byte[] bytes) {
    this.bytes = bytes;
  }

  public static MacAddress of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a MAC address has 6 bytes, got " + bytes.length);
    }
    return new MacAddress(bytes.clone());
  }

  /** Reads 6 bytes at {@code offset}. */
  public static MacAddress of(byte[] buffer, int offset) {
    byte[] b = new byte[LENGTH];
    System.arraycopy(buffer, offset, b, 0, LENGTH);
    return new MacAddress(b);
  }

  /** Parses "02:00:5e:00:01:33" (colons or dashes, any case). */
  public static MacAddress parse(String text) {
    String[] parts = text.trim().split("[:-]");
    if (parts.length != LENGTH) {
      throw new IllegalArgumentException("not a MAC address: '" + text + "'");
    }
    byte[] b = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      if (parts[i].isEmpty() || parts[i].length() > 2) {
        throw new IllegalArgumentException("not a MAC address: '" + text + "'");
      }
      try {
        b[i] = (byte) Integer.parseInt(parts[i], 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a MAC address: '" + text + "'", e);
      }
    }
    return new MacAddress(b);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Copies the 6 bytes into {@code buffer} at {@code offset}. */
  public void writeTo(byte[] buffer, int offset) {
    System.arraycopy(bytes, 0, buffer, offset, LENGTH);
  }

  public boolean isMulticast() {
    return (bytes[0] & 1) != 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MacAddress m && java.util.Arrays.equals(bytes, m.bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.ofDelimiter(":").formatHex(bytes);
  }
}
