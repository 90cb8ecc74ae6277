package io.tandem.vrrp.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Collectors;

/** Loads commented hex vectors from src/test/resources/vectors ('#' lines are comments). */
final class Vectors {
  private Vectors() {}

  static byte[] load(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector " + name);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      String hex = text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining()).replaceAll("\\s", "");
      return HexFormat.of().parseHex(hex);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
