package io.tandem.sync.model;

import java.util.Locale;

/**
 * The IPVS scheduling methods (keepalived's {@code lb_algo}). The name is the kernel module suffix
 * ({@code ip_vs_<name>}) and the string IPVS expects in IPVS_SVC_ATTR_SCHED_NAME.
 */
public enum SchedulingMethod {
  /** Round robin: weights only matter as 0 (no new connections) or not. */
  RR,
  /** Weighted round robin. */
  WRR,
  /** Least connections. */
  LC,
  /** Weighted least connections (IPVS and keepalived default). */
  WLC,
  /** Locality-based least connections. */
  LBLC,
  /** Locality-based least connections with replication. */
  LBLCR,
  /** Destination hashing. */
  DH,
  /** Source hashing. */
  SH,
  /** Shortest expected delay. */
  SED,
  /** Never queue. */
  NQ,
  /** Maglev hashing. */
  MH,
  /** Weighted failover: the available server with the highest weight. */
  FO,
  /** Weighted overflow. */
  OVF;

  public String ipvsName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SchedulingMethod parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown scheduler '" + name
          + "' (expected one of rr wrr lc wlc lblc lblcr dh sh sed nq mh fo ovf)", e);
    }
  }
}
