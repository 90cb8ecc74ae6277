package io.tandem.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One received netlink message: the {@code nlmsghdr} fields and the bytes after the header (family
 * header plus attributes). Parsing checks lengths only; it never trusts {@code nlmsg_len} beyond the
 * datagram.
 */
public record NetlinkMessage(int type, int flags, int seq, int portId, byte[] payload) {
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP_INTR = 0x10;
  /** In an ack: extended-ack attributes follow (NLM_F_ACK_TLVS). */
  public static final int NLM_F_ACK_TLVS = 0x200;
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;

  /** Splits a datagram of {@code length} bytes into messages. */
  public static List<NetlinkMessage> parseAll(byte[] datagram, int length, ByteOrder order) {
    if (length > datagram.length || length < 0) {
      throw new NetlinkException("netlink datagram length " + length + " outside buffer of " + datagram.length);
    }
    List<NetlinkMessage> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(datagram, 0, length).order(order);
    int offset = 0;
    while (length - offset >= NetlinkMessageBuilder.HEADER_LENGTH) {
      int msgLength = b.getInt(offset);
      if (msgLength < NetlinkMessageBuilder.HEADER_LENGTH || msgLength > length - offset) {
        throw new NetlinkException("malformed netlink message: nlmsg_len " + msgLength + " at offset " + offset
            + " with " + (length - offset) + " bytes left");
      }
      int type = Short.toUnsignedInt(b.getShort(offset + 4));
      int flags = Short.toUnsignedInt(b.getShort(offset + 6));
      int seq = b.getInt(offset + 8);
      int pid = b.getInt(offset + 12);
      byte[] payload = Arrays.copyOfRange(datagram, offset + NetlinkMessageBuilder.HEADER_LENGTH, offset + msgLength);
      out.add(new NetlinkMessage(type, flags, seq, pid, payload));
      offset += (msgLength + 3) & ~3;
    }
    return out;
  }

  /** For NLMSG_ERROR: the errno as a positive number, 0 for an ack. */
  public int errorCode(ByteOrder order) {
    if (type != NLMSG_ERROR || payload.length < 4) {
      throw new NetlinkException("not an NLMSG_ERROR message with a code (type " + type + ", " + payload.length + " bytes)");
    }
    return -ByteBuffer.wrap(payload).order(order).getInt(0);
  }

  /**
   * For NLMSG_ERROR with extended ack: the kernel's text (NLMSGERR_ATTR_MSG), or null. With
   * NETLINK_CAP_ACK set the echoed request is only its 16-byte header, so attributes start at 20.
   */
  public String extendedAckMessage(ByteOrder order) {
    if (type != NLMSG_ERROR || (flags & NLM_F_ACK_TLVS) == 0) {
      return null;
    }
    int attrsStart = 4 + NetlinkMessageBuilder.HEADER_LENGTH;
    if (payload.length <= attrsStart) {
      return null;
    }
    RtAttributes attrs = RtAttributes.parse(payload, attrsStart, payload.length, order);
    return attrs.string(1); // NLMSGERR_ATTR_MSG
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NetlinkMessage m && type == m.type && flags == m.flags && seq == m.seq
        && portId == m.portId && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type + seq) + Arrays.hashCode(payload);
  }

  @Override
  public String toString() {
    return "NetlinkMessage[type=" + type + ", flags=0x" + Integer.toHexString(flags) + ", seq=" + seq
        + ", portId=" + portId + ", payload=" + payload.length + " bytes]";
  }
}
