package io.tandem.notify.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
  // Expected strings are glibc inet_ntop() output (RFC 5952 style, which glibc follows except for
  // the embedded-IPv4 forms), the function keepalived's FIFO lines go through.
  @ParameterizedTest
  @CsvSource({
      "192.0.2.1, 192.0.2.1",
      "2001:db8:0:0:0:0:0:1, 2001:db8::1",
      "0:0:0:0:0:0:0:0, ::",
      "0:0:0:0:0:0:0:1, ::1",
      "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
      "2001:db8:1:0:0:0:0:0, 2001:db8:1::",
      "0:0:0:0:0:0:c000:201, ::192.0.2.1",
      "2001:DB8:ABCD:12:0:0:0:FF, 2001:db8:abcd:12::ff",
  })
  void formatsLikeGlibcInetNtop(String in, String expected) throws Exception {
    assertEquals(expected, AddressText.of(InetAddress.getByName(in)));
  }
}
