package io.tandem.checkers.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.checkers.core.Outcome;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class FailuresTest {
  @Test
  void nettyNativeCallPrefixIsDroppedFromTheDetail() {
    Failures.Classified c = Failures.classify("connect",
        new ConnectException("finishConnect(..) failed with error(-111): Connection refused"));
    assertEquals(Outcome.REFUSED, c.outcome());
    assertEquals("connect: Connection refused", c.detail());
    assertEquals("connect: No route to host",
        Failures.classify("connect", new java.io.IOException("connect(..) failed: No route to host")).detail());
  }

  @Test
  void plainMessagesAreKeptWhole() {
    Failures.Classified c = Failures.classify("read", new SocketTimeoutException("Read timed out (after 150 ms)"));
    assertEquals(Outcome.TIMEOUT, c.outcome());
    assertEquals("read: Read timed out (after 150 ms)", c.detail());
  }
}
