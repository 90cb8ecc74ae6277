package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The response-head parsing of the channel-less HTTP check. */
class EpollHttpGetTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static int status(String head) {
    byte[] b = ascii(head);
    return EpollHttpGet.statusCode(b, b.length);
  }

  private static int end(String head) {
    byte[] b = ascii(head);
    return EpollHttpGet.endOfHead(b, 0, b.length);
  }

  @Test
  void statusCodeOfWellFormedStatusLines() {
    assertEquals(200, status("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n"));
    assertEquals(503, status("HTTP/1.0 503 Service Unavailable\r\n\r\n"));
    assertEquals(204, status("HTTP/1.1 204\r\n\r\n")); // the reason phrase is optional
    assertEquals(301, status("HTTP/1.1  301 Moved\n\n")); // extra blank, bare LF
    assertEquals(200, status("\r\n HTTP/1.1 200 OK\r\n\r\n")); // leading blank lines skipped, as Netty does
  }

  @Test
  void anythingElseIsNotAStatusLine() {
    assertEquals(-1, status("SSH-2.0-OpenSSH_9.2\r\n\r\n"));
    assertEquals(-1, status("HTTP/1.1 20 OK\r\n\r\n"));
    assertEquals(-1, status("HTTP/1.1 2000 OK\r\n\r\n"));
    assertEquals(-1, status("HTTP/1.1 abc OK\r\n\r\n"));
    assertEquals(-1, status("HTTP/11 200 OK\r\n\r\n"));
    assertEquals(-1, status("http/1.1 200 OK\r\n\r\n"));
    assertEquals(-1, status("HTTP/1.1"));
  }

  @Test
  void theHeadEndsAtTheFirstBlankLine() {
    assertEquals("HTTP/1.1 200 OK\r\n\r\n".length(), end("HTTP/1.1 200 OK\r\n\r\nbody"));
    assertEquals("HTTP/1.1 200 OK\n\n".length(), end("HTTP/1.1 200 OK\n\nbody"));
    assertEquals(-1, end("HTTP/1.1 200 OK\r\nServer: x\r\n"));
    assertEquals(-1, end("HTTP/1.1 200 OK\r\n\r"));
  }

  @Property
  void theEndIsFoundWhereverTheHeadWasSplit(@ForAll @IntRange(min = 0, max = 60) int split) {
    byte[] head = ascii("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");
    int expected = EpollHttpGet.endOfHead(head, 0, head.length);
    int cut = Math.min(split, head.length);
    // As read() searches: the first piece alone, then the whole from just before the cut.
    int first = EpollHttpGet.endOfHead(head, 0, cut);
    int second = first >= 0 ? first : EpollHttpGet.endOfHead(head, Math.max(0, cut - 3), head.length);
    assertEquals(expected, second);
  }
}
