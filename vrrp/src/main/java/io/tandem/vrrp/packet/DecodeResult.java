package io.tandem.vrrp.packet;

import java.util.Objects;

/** The outcome of {@link VrrpCodec#decode}: a well-formed advert, or a counted drop. */
public sealed interface DecodeResult {
  /** A well-formed advertisement. */
  record Ok(VrrpAdvert advert) implements DecodeResult {
    public Ok {
      Objects.requireNonNull(advert, "advert");
    }
  }

  /** A rejected packet; {@code detail} is a short human-readable reason for the log. */
  record Dropped(DropReason reason, String detail) implements DecodeResult {
    public Dropped {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  static DecodeResult ok(VrrpAdvert advert) {
    return new Ok(advert);
  }

  static DecodeResult drop(DropReason reason, String detail) {
    return new Dropped(reason, detail);
  }
}
