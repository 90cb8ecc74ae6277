package io.tandem.sync.reconcile;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.RealServerConfig;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.model.Addresses;

/** Short builders for test tables (TEST-NET addresses only). */
public final class Tables {
  private Tables() {}

  public static ServiceKey tcp(String vip, int port) {
    return new VipServiceKey(Addresses.parse(vip), port, Protocol.TCP);
  }

  public static ServiceKey udp(String vip, int port) {
    return new VipServiceKey(Addresses.parse(vip), port, Protocol.UDP);
  }

  public static RealServerAddress rs(String address, int port) {
    return RealServerAddress.of(address, port);
  }

  public static DestSpec nat(String address, int port, int weight) {
    return new DestSpec(rs(address, port), weight, ForwardingMethod.NAT);
  }

  public static RealServerConfig rsConfig(String address, int port, int weight) {
    return new RealServerConfig(rs(address, port), weight, ForwardingMethod.NAT);
  }
}
