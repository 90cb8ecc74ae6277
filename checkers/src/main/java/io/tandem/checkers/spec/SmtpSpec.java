package io.tandem.checkers.spec;

import java.util.Objects;

/** SMTP dialogue (keepalived SMTP_CHECK): a 2xx banner, a 2xx answer to HELO {@code heloName}, then QUIT. */
public record SmtpSpec(NetTarget target, String heloName) implements ProbeSpec {
  public SmtpSpec {
    Objects.requireNonNull(target, "target");
    if (heloName == null || heloName.isBlank() || heloName.chars().anyMatch(c -> c <= ' ' || c > 126)) {
      throw new IllegalArgumentException("heloName must be a printable token: '" + heloName + "'");
    }
  }

  @Override
  public String type() {
    return "smtp";
  }

  @Override
  public String describe() {
    return "smtp " + target + " helo " + heloName;
  }
}
