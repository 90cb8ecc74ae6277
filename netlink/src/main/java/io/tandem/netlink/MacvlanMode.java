package io.tandem.netlink;

/** Macvlan modes (enum macvlan_mode in linux/if_link.h), with their wire codes. */
public enum MacvlanMode {
  /** Macvlans on the same parent cannot talk to each other. */
  PRIVATE(1),
  /** Traffic between macvlans hairpins through the external switch. */
  VEPA(2),
  /** Macvlans on the same parent talk directly; keepalived's use_vmac default. */
  BRIDGE(4),
  /** One macvlan takes over the parent. */
  PASSTHRU(8);

  private final int code;

  MacvlanMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static MacvlanMode fromCode(int code) {
    for (MacvlanMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown macvlan mode code " + code);
  }
}
