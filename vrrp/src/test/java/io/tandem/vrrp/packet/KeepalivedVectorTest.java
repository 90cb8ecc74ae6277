package io.tandem.vrrp.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Packets captured from keepalived 2.2.7 decode to the expected fields and re-encode byte-exact. */
class KeepalivedVectorTest {
  static Stream<String> vectors() {
    return Stream.of(
        "keepalived-v2-auth-prio150.hex", "keepalived-v2-auth-prio0.hex",
        "keepalived-v2-noauth-prio100.hex", "keepalived-v2-noauth-prio0.hex",
        "keepalived-v3-ipv4-prio200.hex", "keepalived-v3-ipv4-prio0.hex",
        "keepalived-v3-ipv6-prio120.hex", "keepalived-v3-ipv6-prio0.hex");
  }

  /** A vector file: "key value" lines, '#' comments. */
  record Vector(Map<String, String> fields) {
    static Vector load(String name) throws IOException {
      try (InputStream in = KeepalivedVectorTest.class.getResourceAsStream("/vectors/" + name)) {
        if (in == null) {
          throw new IOException("missing vector " + name);
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          int space = line.indexOf(' ');
          fields.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1).trim());
        }
        return new Vector(fields);
      }
    }

    String get(String key) {
      String v = fields.get(key);
      if (v == null) {
        throw new IllegalArgumentException("vector lacks " + key);
      }
      return v;
    }

    IpContext ip() throws IOException {
      return new IpContext(InetAddress.getByName(get("source")), InetAddress.getByName(get("destination")),
          Integer.parseInt(get("ttl")));
    }

    byte[] payload() {
      return HexFormat.of().parseHex(get("payload").replace(" ", ""));
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void decodesToTheFieldsKeepalivedSent(String name) throws IOException {
    Vector v = Vector.load(name);
    DecodeResult result = VrrpCodec.decode(v.payload(), v.ip());
    VrrpAdvert advert = assertInstanceOf(DecodeResult.Ok.class, result, () -> name + ": " + result).advert();

    assertEquals(Integer.parseInt(v.get("expect.version")), advert.version().code());
    assertEquals(VrrpType.ADVERTISEMENT, advert.type());
    assertEquals(Integer.parseInt(v.get("expect.vrid")), advert.vrid());
    assertEquals(Integer.parseInt(v.get("expect.priority")), advert.priority());
    assertEquals(AuthType.valueOf(v.get("expect.authType")), advert.authType());
    assertEquals(Duration.parse(v.get("expect.interval")), advert.advertInterval());
    assertEquals(Integer.parseInt(v.get("expect.checksum").substring(2), 16), advert.checksum());
    List<InetAddress> expected = Arrays.stream(v.get("expect.addresses").split(" ")).map(KeepalivedVectorTest::addr).toList();
    assertEquals(expected, advert.addresses());
    assertEquals(expected.size(), advert.addressCount());
    if (advert.version() == VrrpVersion.V2) {
      String password = v.fields().getOrDefault("expect.password", "");
      assertArrayEquals(password.isEmpty() ? new byte[8] : VrrpAdvert.passwordBytes(password), advert.authData());
    }
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void reEncodesByteExactIncludingChecksum(String name) throws IOException {
    Vector v = Vector.load(name);
    VrrpAdvert advert = ((DecodeResult.Ok) VrrpCodec.decode(v.payload(), v.ip())).advert();
    assertEquals(HexFormat.of().formatHex(v.payload()), HexFormat.of().formatHex(VrrpCodec.encode(advert, v.ip())));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void anEncoderBuiltAdvertMatchesTheCaptureBytes(String name) throws IOException {
    // Built from config-like inputs rather than from the decoded record: what Tandem would send.
    Vector v = Vector.load(name);
    List<InetAddress> addrs = Arrays.stream(v.get("expect.addresses").split(" ")).map(KeepalivedVectorTest::addr).toList();
    int vrid = Integer.parseInt(v.get("expect.vrid"));
    int prio = Integer.parseInt(v.get("expect.priority"));
    Duration interval = Duration.parse(v.get("expect.interval"));
    String password = v.fields().getOrDefault("expect.password", "");
    VrrpAdvert built = v.get("expect.version").equals("2")
        ? VrrpAdvert.v2(vrid, prio, interval, addrs, password.isEmpty() ? null : password)
        : VrrpAdvert.v3(vrid, prio, interval, addrs);
    assertArrayEquals(v.payload(), VrrpCodec.encode(built, v.ip()));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void aFlippedBitAnywhereIsDroppedNotThrown(String name) throws IOException {
    Vector v = Vector.load(name);
    byte[] payload = v.payload();
    for (int bit = 0; bit < payload.length * 8; bit++) {
      byte[] mutated = payload.clone();
      mutated[bit / 8] ^= (byte) (1 << (bit % 8));
      DecodeResult r = VrrpCodec.decode(mutated, v.ip());
      // A single flipped bit always breaks the one's-complement checksum (or an earlier check).
      assertInstanceOf(DecodeResult.Dropped.class, r, "bit " + bit + " of " + name);
    }
  }

  private static InetAddress addr(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (IOException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
