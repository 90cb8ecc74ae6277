package io.tandem.checkers.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * HTTP or HTTPS GET (keepalived HTTP_GET / SSL_GET). Up when the status is one of {@code
 * expectedStatus} and, when set, the body's MD5 equals {@code digest} (lower-case hex, as keepalived's
 * genhash prints it) and the body matches {@code bodyRegex}.
 *
 * @param virtualHost the Host header; defaults to the target address
 * @param sni the TLS server name; defaults to {@code virtualHost} when that is a name
 * @param verifyCertificate whether the server certificate chain and host name are verified
 * @param maxBodyBytes reading stops (and a digest or regex check fails) beyond this many bytes
 */
public record HttpSpec(
    NetTarget target,
    boolean tls,
    String path,
    Optional<String> virtualHost,
    Optional<String> sni,
    boolean verifyCertificate,
    Set<Integer> expectedStatus,
    Optional<String> digest,
    Optional<String> bodyRegex,
    int maxBodyBytes) implements ProbeSpec {

  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
  private static final Pattern MD5_HEX = Pattern.compile("[0-9a-f]{32}");
  /** One shared set: built per spec, 10,000 checks held a million boxed integers. */
  private static final Set<Integer> TWO_HUNDREDS =
      java.util.stream.IntStream.rangeClosed(200, 299).boxed().collect(java.util.stream.Collectors.toUnmodifiableSet());

  public HttpSpec {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(virtualHost, "virtualHost");
    Objects.requireNonNull(sni, "sni");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(bodyRegex, "bodyRegex");
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + path);
    }
    if (path.chars().anyMatch(c -> c <= ' ' || c == 127)) {
      throw new IllegalArgumentException("path contains whitespace or control characters: " + path);
    }
    Objects.requireNonNull(expectedStatus, "expectedStatus");
    expectedStatus = expectedStatus.equals(TWO_HUNDREDS) ? TWO_HUNDREDS : Set.copyOf(expectedStatus);
    if (expectedStatus.isEmpty()) {
      throw new IllegalArgumentException("expectedStatus is empty: no answer could ever be up");
    }
    for (int s : expectedStatus) {
      if (s < 100 || s > 599) {
        throw new IllegalArgumentException("expected status out of range 100..599: " + s);
      }
    }
    digest = digest.map(d -> d.toLowerCase(java.util.Locale.ROOT));
    digest.ifPresent(d -> {
      if (!MD5_HEX.matcher(d).matches()) {
        throw new IllegalArgumentException("digest must be 32 hex digits (an MD5 as genhash prints it): " + d);
      }
    });
    bodyRegex.ifPresent(r -> {
      try {
        Pattern.compile(r);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("bodyRegex does not compile: " + e.getMessage(), e);
      }
    });
    if (maxBodyBytes <= 0) {
      throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
    }
    virtualHost.ifPresent(h -> {
      if (h.isBlank() || h.chars().anyMatch(c -> c <= ' ')) {
        throw new IllegalArgumentException("virtualHost must be a non-blank token: '" + h + "'");
      }
    });
  }

  /** A plain GET of {@code path} expecting any 2xx status: keepalived's default when no status_code is set. */
  public static HttpSpec get(NetTarget target, String path) {
    return new HttpSpec(target, false, path, Optional.empty(), Optional.empty(), true, twoHundreds(),
        Optional.empty(), Optional.empty(), DEFAULT_MAX_BODY_BYTES);
  }

  public static HttpSpec getTls(NetTarget target, String path, boolean verifyCertificate) {
    return new HttpSpec(target, true, path, Optional.empty(), Optional.empty(), verifyCertificate, twoHundreds(),
        Optional.empty(), Optional.empty(), DEFAULT_MAX_BODY_BYTES);
  }

  public HttpSpec withExpectedStatus(Set<Integer> codes) {
    return new HttpSpec(target, tls, path, virtualHost, sni, verifyCertificate, codes, digest, bodyRegex, maxBodyBytes);
  }

  public HttpSpec withDigest(String md5Hex) {
    return new HttpSpec(target, tls, path, virtualHost, sni, verifyCertificate, expectedStatus, Optional.of(md5Hex),
        bodyRegex, maxBodyBytes);
  }

  public HttpSpec withBodyRegex(String regex) {
    return new HttpSpec(target, tls, path, virtualHost, sni, verifyCertificate, expectedStatus, digest,
        Optional.of(regex), maxBodyBytes);
  }

  public HttpSpec withVirtualHost(String host) {
    return new HttpSpec(target, tls, path, Optional.of(host), sni, verifyCertificate, expectedStatus, digest,
        bodyRegex, maxBodyBytes);
  }

  public HttpSpec withSni(String serverName) {
    return new HttpSpec(target, tls, path, virtualHost, Optional.of(serverName), verifyCertificate, expectedStatus,
        digest, bodyRegex, maxBodyBytes);
  }

  public HttpSpec withMaxBodyBytes(int max) {
    return new HttpSpec(target, tls, path, virtualHost, sni, verifyCertificate, expectedStatus, digest, bodyRegex, max);
  }

  /** Whether the body must be read at all; without a digest or regex the status line decides. */
  public boolean needsBody() {
    return digest.isPresent() || bodyRegex.isPresent();
  }

  private static Set<Integer> twoHundreds() {
    return TWO_HUNDREDS;
  }

  @Override
  public String type() {
    return tls ? "https" : "http";
  }

  @Override
  public String describe() {
    return type() + " " + target + path + virtualHost.map(h -> " host " + h).orElse("");
  }
}
