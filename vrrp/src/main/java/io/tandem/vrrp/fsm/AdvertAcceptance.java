package io.tandem.vrrp.fsm;

import io.tandem.vrrp.packet.AuthType;
import io.tandem.vrrp.packet.VrrpAdvert;
import io.tandem.vrrp.packet.VrrpVersion;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * The configuration-dependent receive checks of RFC 3768 §7.1 / RFC 5798 §7.1, kept apart from
 * the codec's well-formedness checks. Pure.
 */
public final class AdvertAcceptance {
  /** The verdict: {@code reason} null means accepted; {@code warning} is set for logged-only anomalies. */
  public record Verdict(RejectReason reason, String detail, RejectReason warning, String warningDetail) {
    public boolean accepted() {
      return reason == null;
    }
  }

  private AdvertAcceptance() {}

  public static Verdict check(InstanceSpec spec, InetAddress source, VrrpAdvert advert) {
    if (advert.vrid() != spec.vrid()) {
      return reject(RejectReason.NOT_OUR_VRID, "vrid " + advert.vrid());
    }
    if (advert.version() != spec.version()) {
      return reject(RejectReason.VERSION_MISMATCH, "version " + advert.version().code() + " from " + source.getHostAddress());
    }
    if (source.equals(spec.primaryAddress())) {
      return reject(RejectReason.OWN_ADVERT, "source is our primary address");
    }
    if (spec.isUnicast() && !spec.unicastPeers().contains(source)) {
      return reject(RejectReason.UNICAST_PEER_NOT_LISTED, source.getHostAddress() + " is not a configured peer");
    }
    if (spec.version() == VrrpVersion.V2) {
      AuthType wanted = spec.authPassword() == null ? AuthType.NONE : AuthType.SIMPLE_PASSWORD;
      if (advert.authType() != wanted) {
        return reject(RejectReason.AUTH_TYPE_MISMATCH, "auth type " + advert.authType() + ", configured " + wanted);
      }
      if (wanted == AuthType.SIMPLE_PASSWORD
          && !Arrays.equals(advert.authData(), VrrpAdvert.passwordBytes(spec.authPassword()))) {
        return reject(RejectReason.WRONG_PASSWORD, "from " + source.getHostAddress());
      }
      // RFC 3768 §7.1: an Adver Int different from ours MUST be discarded (and logged).
      if (!advert.advertInterval().equals(spec.advertInterval())) {
        return reject(RejectReason.INTERVAL_MISMATCH,
            "advert interval " + advert.advertInterval().getSeconds() + " s, ours " + spec.advertInterval().getSeconds() + " s");
      }
    }
    if (advert.advertInterval().isZero() && advert.priority() != 0) {
      return reject(RejectReason.ZERO_INTERVAL, "from " + source.getHostAddress());
    }
    // RFC 5798 §7.1: a differing address list is logged, not dropped. Priority-0 adverts carry the
    // list as well, so they are checked too.
    List<InetAddress> ours = spec.vipAddresses();
    if (!new HashSet<>(ours).equals(new HashSet<>(advert.addresses()))) {
      return new Verdict(null, null, RejectReason.ADDRESS_LIST_MISMATCH,
          source.getHostAddress() + " announces " + advert.addresses().stream().map(InetAddress::getHostAddress).toList());
    }
    return new Verdict(null, null, null, null);
  }

  private static Verdict reject(RejectReason reason, String detail) {
    return new Verdict(reason, detail, null, null);
  }
}
