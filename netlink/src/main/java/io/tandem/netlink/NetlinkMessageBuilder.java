package io.tandem.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink message: the 16-byte {@code nlmsghdr}, a family header (ifinfomsg, ifaddrmsg...)
 * and {@code rtattr}s, each padded to 4 bytes (RTA_ALIGN / NLMSG_ALIGN in linux/netlink.h and
 * linux/rtnetlink.h). Netlink is in host byte order; tests pass an explicit order. Pure: no I/O.
 */
public final class NetlinkMessageBuilder {
  /** sizeof(struct nlmsghdr). */
  public static final int HEADER_LENGTH = 16;
  /** sizeof(struct rtattr). */
  public static final int ATTR_HEADER_LENGTH = 4;
  /** NLA_F_NESTED: set on attributes that carry attributes. */
  public static final int NLA_F_NESTED = 0x8000;

  private final ByteOrder order;
  private byte[] buf = new byte[256];
  private int length;

  public NetlinkMessageBuilder(int type, int flags, int seq) {
    this(type, flags, seq, ByteOrder.nativeOrder());
  }

  public NetlinkMessageBuilder(int type, int flags, int seq, ByteOrder order) {
    this.order = order;
    putInt(0); // nlmsg_len, patched in build()
    putShort(type);
    putShort(flags);
    putInt(seq);
    putInt(0); // nlmsg_pid: 0 = to the kernel
  }

  public NetlinkMessageBuilder putByte(int value) {
    ensure(1);
    buf[length++] = (byte) value;
    return this;
  }

  public NetlinkMessageBuilder putShort(int value) {
    ensure(2);
    ByteBuffer.wrap(buf, length, 2).order(order).putShort((short) value);
    length += 2;
    return this;
  }

  public NetlinkMessageBuilder putInt(int value) {
    ensure(4);
    ByteBuffer.wrap(buf, length, 4).order(order).putInt(value);
    length += 4;
    return this;
  }

  public NetlinkMessageBuilder putBytes(byte[] value) {
    ensure(value.length);
    System.arraycopy(value, 0, buf, length, value.length);
    length += value.length;
    return this;
  }

  /** An attribute with a raw payload (addresses are already in network order). */
  public NetlinkMessageBuilder attr(int type, byte[] payload) {
    align();
    putShort(ATTR_HEADER_LENGTH + payload.length);
    putShort(type);
    putBytes(payload);
    align();
    return this;
  }

  public NetlinkMessageBuilder attrU8(int type, int value) {
    return attr(type, new byte[] {(byte) value});
  }

  public NetlinkMessageBuilder attrU32(int type, int value) {
    return attr(type, ByteBuffer.allocate(4).order(order).putInt(value).array());
  }

  /** A NUL-terminated string attribute, as the kernel expects for names and kinds. */
  public NetlinkMessageBuilder attrString(int type, String value) {
    byte[] s = value.getBytes(StandardCharsets.US_ASCII);
    return attr(type, Arrays.copyOf(s, s.length + 1));
  }

  /** Opens a nested attribute; close it with {@link #endNested(int)} using the returned mark. */
  public int beginNested(int type) {
    align();
    int mark = length;
    putShort(0);
    putShort(type | NLA_F_NESTED);
    return mark;
  }

  public NetlinkMessageBuilder endNested(int mark) {
    align();
    ByteBuffer.wrap(buf, mark, 2).order(order).putShort((short) (length - mark));
    return this;
  }

  /** The finished message with its length filled in. */
  public byte[] build() {
    align();
    ByteBuffer.wrap(buf, 0, 4).order(order).putInt(length);
    return Arrays.copyOf(buf, length);
  }

  private void align() {
    int padded = (length + 3) & ~3;
    ensure(padded - length);
    length = padded; // padding bytes are already zero
  }

  private void ensure(int more) {
    if (length + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
    }
  }
}
