package io.tandem.sync.model;

import java.util.Locale;

/** Transport protocol of a VIP:port virtual service; owns its IANA protocol number. */
public enum Protocol {
  TCP(6),
  UDP(17),
  SCTP(132);

  private final int ipProtocol;

  Protocol(int ipProtocol) {
    this.ipProtocol = ipProtocol;
  }

  /** The IP protocol number (IANA "Assigned Internet Protocol Numbers"). */
  public int ipProtocol() {
    return ipProtocol;
  }

  public String lowerName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Protocol ofIpProtocol(int number) {
    for (Protocol p : values()) {
      if (p.ipProtocol == number) {
        return p;
      }
    }
    throw new IllegalArgumentException("unsupported IP protocol number " + number + " (expected 6, 17 or 132)");
  }

  public static Protocol parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown protocol '" + name + "' (expected tcp, udp or sctp)", e);
    }
  }
}
