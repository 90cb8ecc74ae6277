package io.tandem.checkers.probe;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.TimeoutException;
import io.tandem.checkers.core.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Maps the exceptions sockets throw to an {@link Outcome}, keeping the message as detail. */
final class Failures {
  private Failures() {}

  record Classified(Outcome outcome, String detail) {}

  /**
   * Netty's native transport prefixes the kernel's words with the call that failed
   * ("finishConnect(..) failed with error(-111): Connection refused"): the operator wants the words.
   */
  private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  static Classified classify(String phase, Throwable t) {
    Throwable cause = unwrap(t);
    String message = NATIVE_PREFIX.matcher(String.valueOf(cause.getMessage())).replaceFirst("");
    String lower = message.toLowerCase(Locale.ROOT);
    String detail = phase + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : message);
    if (cause instanceof ConnectTimeoutException || cause instanceof SocketTimeoutException
        || cause instanceof TimeoutException) {
      return new Classified(Outcome.TIMEOUT, detail);
    }
    if (cause instanceof SSLException) {
      return new Classified(Outcome.TLS_ERROR, detail);
    }
    if (cause instanceof PortUnreachableException) {
      return new Classified(Outcome.REFUSED, detail);
    }
    if (cause instanceof NoRouteToHostException || lower.contains("no route to host")
        || lower.contains("network is unreachable") || lower.contains("host is unreachable")) {
      return new Classified(Outcome.UNREACHABLE, detail);
    }
    if (cause instanceof ConnectException || lower.contains("connection refused")) {
      return new Classified(Outcome.REFUSED, detail);
    }
    if (lower.contains("connection reset") || lower.contains("broken pipe")) {
      return new Classified(Outcome.RESET, detail);
    }
    if (lower.contains("timed out")) {
      return new Classified(Outcome.TIMEOUT, detail);
    }
    if (cause instanceof ClosedChannelException) {
      return new Classified(Outcome.PREMATURE_CLOSE, detail);
    }
    if (cause instanceof DecoderException) {
      return new Classified(Outcome.PROTOCOL_ERROR, detail);
    }
    if (cause instanceof UnknownHostException || cause instanceof IOException) {
      return new Classified(Outcome.IO_ERROR, detail);
    }
    return new Classified(Outcome.INTERNAL_ERROR, phase + ": " + cause);
  }

  /** Netty wraps handshake failures in DecoderException; the SSLException inside is the real story. */
  private static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    for (int i = 0; i < 8 && cur.getCause() != null; i++) {
      if (cur instanceof SSLException || cur instanceof PortUnreachableException || cur instanceof ConnectException) {
        return cur;
      }
      if (cur instanceof DecoderException || cur instanceof java.util.concurrent.CompletionException
          || cur instanceof java.util.concurrent.ExecutionException || cur.getCause() instanceof SSLException) {
        cur = cur.getCause();
        continue;
      }
      break;
    }
    return cur;
  }
}
