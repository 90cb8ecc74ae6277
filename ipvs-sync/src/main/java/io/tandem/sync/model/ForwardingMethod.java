package io.tandem.sync.model;

import java.util.Locale;

/**
 * How a director hands a packet to a real server; owns the IPVS connection-flag code
 * (IP_VS_CONN_F_MASQ / _TUNNEL / _DROUTE in include/uapi/linux/ip_vs.h).
 */
public enum ForwardingMethod {
  /** NAT ("masq"): destination rewritten; replies must come back through the director. */
  NAT(0),
  /** IP-in-IP tunnel ("tun"). */
  TUNNEL(2),
  /** Direct routing ("dr", "route", "gate"): only the MAC is rewritten. */
  DIRECT_ROUTE(3);

  /** IP_VS_CONN_F_FWD_MASK: the forwarding method is the low three bits of the dest flags. */
  public static final int IPVS_FWD_MASK = 0x7;

  private final int ipvsCode;

  ForwardingMethod(int ipvsCode) {
    this.ipvsCode = ipvsCode;
  }

  public int ipvsCode() {
    return ipvsCode;
  }

  public static ForwardingMethod ofIpvsFlags(int flags) {
    int code = flags & IPVS_FWD_MASK;
    for (ForwardingMethod m : values()) {
      if (m.ipvsCode == code) {
        return m;
      }
    }
    throw new IllegalArgumentException("unsupported IPVS forwarding method code " + code);
  }

  /** Accepts keepalived's spellings: NAT/masq, DR/route/gate, TUN/tunnel/ipip. */
  public static ForwardingMethod parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "nat", "masq", "masquerade" -> NAT;
      case "dr", "route", "gate", "direct_route", "direct-route" -> DIRECT_ROUTE;
      case "tun", "tunnel", "ipip" -> TUNNEL;
      default -> throw new IllegalArgumentException(
          "unknown forwarding method '" + name + "' (expected nat, dr or tun)");
    };
  }
}
