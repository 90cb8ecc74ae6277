package io.tandem.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code rtattr}s of one message (or of one nested attribute), by type. A type that appears
 * twice keeps its last value. Lengths are checked against the enclosing buffer.
 */
public final class RtAttributes {
  /** Low bits of rta_type that carry the type; the top two are the NESTED/BYTEORDER flags. */
  private static final int TYPE_MASK = 0x3fff;

  private final Map<Integer, byte[]> byType;
  private final ByteOrder order;

  private RtAttributes(Map<Integer, byte[]> byType, ByteOrder order) {
    this.byType = byType;
    this.order = order;
  }

  /** Parses attributes in {@code buf[from, to)}. */
  public static RtAttributes parse(byte[] buf, int from, int to, ByteOrder order) {
    if (from < 0 || to > buf.length || from > to) {
      throw new NetlinkException("attribute range [" + from + ", " + to + ") outside " + buf.length + " bytes");
    }
    Map<Integer, byte[]> map = new LinkedHashMap<>();
    ByteBuffer b = ByteBuffer.wrap(buf).order(order);
    int offset = from;
    while (to - offset >= NetlinkMessageBuilder.ATTR_HEADER_LENGTH) {
      int len = Short.toUnsignedInt(b.getShort(offset));
      int type = Short.toUnsignedInt(b.getShort(offset + 2)) & TYPE_MASK;
      if (len < NetlinkMessageBuilder.ATTR_HEADER_LENGTH || len > to - offset) {
        throw new NetlinkException("malformed rtattr: rta_len " + len + " at offset " + offset + " with "
            + (to - offset) + " bytes left");
      }
      map.put(type, Arrays.copyOfRange(buf, offset + NetlinkMessageBuilder.ATTR_HEADER_LENGTH, offset + len));
      offset += (len + 3) & ~3;
    }
    return new RtAttributes(map, order);
  }

  public boolean has(int type) {
    return byType.containsKey(type);
  }

  /** The raw payload, or null when absent. */
  public byte[] bytes(int type) {
    byte[] v = byType.get(type);
    return v == null ? null : v.clone();
  }

  /** A NUL-terminated string, or null when absent. */
  public String string(int type) {
    byte[] v = byType.get(type);
    if (v == null) {
      return null;
    }
    int end = 0;
    while (end < v.length && v[end] != 0) {
      end++;
    }
    return new String(v, 0, end, StandardCharsets.UTF_8);
  }

  /** A u8, or {@code absent} when missing. */
  public int u8(int type, int absent) {
    byte[] v = byType.get(type);
    if (v == null) {
      return absent;
    }
    if (v.length < 1) {
      throw new NetlinkException("attribute " + type + " too short for u8");
    }
    return Byte.toUnsignedInt(v[0]);
  }

  /** A u32 in host order, or {@code absent} when missing. */
  public int u32(int type, int absent) {
    byte[] v = byType.get(type);
    if (v == null) {
      return absent;
    }
    if (v.length < 4) {
      throw new NetlinkException("attribute " + type + " too short for u32: " + v.length + " bytes");
    }
    return ByteBuffer.wrap(v).order(order).getInt(0);
  }

  /** The attributes nested inside attribute {@code type}, or an empty set. */
  public RtAttributes nested(int type) {
    byte[] v = byType.get(type);
    if (v == null) {
      return new RtAttributes(Map.of(), order);
    }
    return parse(v, 0, v.length, order);
  }

  public int size() {
    return byType.size();
  }
}
