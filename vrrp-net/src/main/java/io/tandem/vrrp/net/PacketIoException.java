package io.tandem.vrrp.net;

/** Opening, configuring or using a packet handle or raw socket failed; the message names the interface. */
public class PacketIoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PacketIoException(String message, Throwable cause) {
    super(message, cause);
  }

  public PacketIoException(String message) {
    super(message);
  }
}
