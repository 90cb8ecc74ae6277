package io.tandem.vrrp.net;

/** Puts a complete Ethernet frame on an interface. {@link VrrpPacketIo} is the real one. */
@FunctionalInterface
public interface FrameSender {
  /** Sends {@code frame}; failures are thrown as {@link PacketIoException}. */
  void sendFrame(byte[] frame);
}
