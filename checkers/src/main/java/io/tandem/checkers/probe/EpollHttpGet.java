package io.tandem.checkers.probe;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.Native;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.checkers.core.Outcome;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * One plain-HTTP GET check judged on its status code, straight on an epoll event loop without a
 * Netty channel or codec (the common HTTP_GET: no TLS, no digest, no regex; {@link HttpProbe} uses
 * its channel pipeline for the rest). At 10,000 checks a second the pipeline, codec objects, buffers
 * and the extra {@code epoll_ctl}/address syscalls of a channel cost more than the check itself.
 *
 * <p>The socket is registered once, edge-triggered for EPOLLOUT and EPOLLIN: the connect completing
 * sends the request (pre-encoded, shared by every attempt of the probe), the answer wakes the read;
 * no {@code epoll_ctl MOD} between the two, and the close before the cancel spares the DEL. The
 * verdict comes once the response head (status line and headers, up to the end of the headers, at
 * most {@link #MAX_HEAD} bytes as Netty's decoder limits) is in: the status code against the expected
 * set. Header lines are not parsed further, as nothing is judged on them. Then the socket is closed
 * with an RST, whatever the server still sends.
 *
 * <p>Everything after {@link #start} runs on the loop's thread.
 */
final class EpollHttpGet implements EpollIoHandle {
  /** Netty's HttpObjectDecoder limits as HttpProbe configures them: initial line 4096, headers 16384. */
  static final int MAX_HEAD = 4096 + 16384;

  /** Longer requests (very long paths or host names) go through the channel pipeline instead. */
  static final int MAX_REQUEST = 4096;

  private static final int EPOLLHUP = 0x10; // Linux ABI; Netty's constant is not public
  private static final EpollIoOps INTEREST = EpollIoOps.EPOLLOUT.with(EpollIoOps.EPOLLIN).with(EpollIoOps.EPOLLET);
  /**
   * One read and one send buffer per event-loop thread (native memory for the syscalls): a read is
   * consumed, a request copied in and sent, within one callback. Per probe they would be 10,000
   * direct buffers, each with its cleaner.
   */
  private static final ThreadLocal<ByteBuffer> READ_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(4096));
  private static final ThreadLocal<ByteBuffer> SEND_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_REQUEST));

  private final Attempt attempt;
  private final byte[] request;
  private final boolean[] expectedStatus;
  private Socket socket;
  private IoRegistration registration;
  private ScheduledFuture<?> timer;
  private boolean connected;
  private int sent;
  private byte[] head = new byte[0];
  private int headLength;
  private boolean finished;

  private EpollHttpGet(Attempt attempt, byte[] request, boolean[] expectedStatus) {
    this.attempt = attempt;
    this.request = request;
    this.expectedStatus = expectedStatus;
  }

  /**
   * Starts a GET on {@code loop}: {@code request} is the whole encoded request (at most {@link
   * #MAX_REQUEST} bytes, read only here); {@code expectedStatus[code]} tells which status codes are up.
   */
  static void start(IoEventLoop loop, InetSocketAddress remote, InetSocketAddress local, long timeoutMillis,
      byte[] request, boolean[] expectedStatus, Attempt attempt) {
    EpollHttpGet g = new EpollHttpGet(attempt, request, expectedStatus);
    attempt.future.whenComplete((r, e) -> {
      if (loop.inEventLoop()) {
        g.finish();
      } else {
        loop.execute(g::finish);
      }
    });
    if (loop.inEventLoop()) {
      g.open(loop, remote, local, timeoutMillis);
    } else {
      loop.execute(() -> g.open(loop, remote, local, timeoutMillis));
    }
  }

  private void open(IoEventLoop loop, InetSocketAddress remote, InetSocketAddress local, long timeoutMillis) {
    if (attempt.done()) {
      return;
    }
    try {
      socket = EpollConnect.newSocket(local);
      connected = socket.connect(remote);
    } catch (IOException | RuntimeException e) {
      attempt.fail("connect", e);
      return;
    }
    timer = loop.schedule(() -> attempt.fail(Outcome.TIMEOUT, "no complete answer within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    Future<IoRegistration> registered = loop.register(this);
    if (registered.isDone()) {
      onRegistered(registered);
    } else {
      registered.addListener(f -> onRegistered(registered));
    }
  }

  private void onRegistered(Future<IoRegistration> registered) {
    if (!registered.isSuccess()) {
      attempt.fail("register", registered.cause());
      return;
    }
    registration = registered.getNow();
    if (finished) {
      registration.cancel();
      return;
    }
    try {
      // Edge-triggered: an already writable socket reports EPOLLOUT once, at once.
      registration.submit(INTEREST);
    } catch (RuntimeException e) {
      attempt.fail("epoll", e);
    }
  }

  @Override
  public void handle(IoRegistration reg, IoEvent event) {
    if (finished) {
      return;
    }
    int ops = ((EpollIoEvent) event).ops().value();
    if (!connected) {
      if ((ops & Native.EPOLLERR) != 0) {
        try {
          if (!socket.finishConnect()) {
            return;
          }
        } catch (IOException e) {
          attempt.fail("connect", e);
          return;
        }
      } else if ((ops & Native.EPOLLOUT) == 0) {
        return;
      }
      connected = true;
    }
    if (sent < request.length) {
      send();
    }
    if (!finished && !attempt.done() && (ops & (Native.EPOLLIN | Native.EPOLLERR | EPOLLHUP)) != 0) {
      read();
    }
  }

  private void send() {
    ByteBuffer buffer = SEND_BUFFER.get();
    buffer.put(0, request, sent, request.length - sent);
    try {
      sent += socket.send(buffer, 0, request.length - sent); // 0 when the socket buffer is full
    } catch (IOException e) {
      attempt.fail("send request", e);
    }
  }

  /** Reads until the socket is drained (edge-triggered) or the head is complete. */
  private void read() {
    ByteBuffer buffer = READ_BUFFER.get();
    while (true) {
      int n;
      try {
        n = socket.recv(buffer, 0, buffer.capacity());
      } catch (IOException e) {
        attempt.fail("read response", e);
        return;
      }
      if (n == 0) {
        return; // drained; the next data wakes us again
      }
      if (n < 0) {
        attempt.fail(Outcome.PREMATURE_CLOSE, headLength == 0
            ? "connection closed before a response"
            : "connection closed within the response head (" + headLength + " bytes)");
        return;
      }
      int take = Math.min(n, MAX_HEAD + 3 - headLength); // enough to see an end of head just past the limit
      if (head.length < headLength + take) {
        head = Arrays.copyOf(head, Math.max(headLength + take, Math.min(2 * head.length, MAX_HEAD + 3)));
      }
      buffer.get(0, head, headLength, take);
      int searchFrom = Math.max(0, headLength - 3);
      headLength += take;
      int end = endOfHead(head, searchFrom, headLength);
      if (end >= 0) {
        judge(end);
        return;
      }
      if (headLength > MAX_HEAD) {
        attempt.fail(Outcome.PROTOCOL_ERROR, "malformed response: head longer than " + MAX_HEAD + " bytes");
        return;
      }
    }
  }

  /** The index just past the blank line that ends the head (CRLF CRLF or LF LF), or -1. */
  static int endOfHead(byte[] b, int from, int length) {
    for (int i = Math.max(from, 0); i < length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      if (i + 1 < length && b[i + 1] == '\n') {
        return i + 2;
      }
      if (i + 2 < length && b[i + 1] == '\r' && b[i + 2] == '\n') {
        return i + 3;
      }
    }
    return -1;
  }

  private void judge(int headEnd) {
    int status = statusCode(head, headEnd);
    if (status < 0) {
      attempt.fail(Outcome.PROTOCOL_ERROR, "malformed response: initial line '" + initialLine(head, headEnd) + "'");
    } else if (status < expectedStatus.length && expectedStatus[status]) { // codes beyond: never expected
      attempt.ok();
    } else {
      attempt.fail(Outcome.BAD_STATUS, "status " + status);
    }
  }

  /**
   * The status code of {@code HTTP/d.d SP ddd [SP reason]} (leading blanks and control characters
   * skipped, as Netty's decoder does), or -1 when the initial line is not an HTTP status line.
   */
  static int statusCode(byte[] b, int length) {
    int i = 0;
    while (i < length && (b[i] & 0xff) <= ' ') {
      i++;
    }
    if (length - i < 12 || b[i] != 'H' || b[i + 1] != 'T' || b[i + 2] != 'T' || b[i + 3] != 'P' || b[i + 4] != '/'
        || !digit(b[i + 5]) || b[i + 6] != '.' || !digit(b[i + 7]) || b[i + 8] != ' ') {
      return -1;
    }
    i += 9;
    while (i < length && b[i] == ' ') {
      i++;
    }
    if (length - i < 3 || !digit(b[i]) || !digit(b[i + 1]) || !digit(b[i + 2])) {
      return -1;
    }
    int code = (b[i] - '0') * 100 + (b[i + 1] - '0') * 10 + (b[i + 2] - '0');
    int after = i + 3 < length ? b[i + 3] : '\n';
    return after == ' ' || after == '\r' || after == '\n' ? code : -1;
  }

  private static boolean digit(byte c) {
    return c >= '0' && c <= '9';
  }

  /** The first line, printable and at most 64 characters, for the reason text. */
  private static String initialLine(byte[] b, int length) {
    int end = 0;
    while (end < length && end < 64 && b[end] != '\r' && b[end] != '\n') {
      end++;
    }
    char[] text = new String(b, 0, end, StandardCharsets.ISO_8859_1).toCharArray();
    for (int i = 0; i < text.length; i++) {
      if (text[i] < ' ' || text[i] > '~') {
        text[i] = '?';
      }
    }
    return new String(text);
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (timer != null) {
      timer.cancel(false);
    }
    if (socket != null) {
      try {
        socket.close(); // SO_LINGER 0: an RST; the kernel drops the fd from the epoll set
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
    if (registration != null) {
      registration.cancel();
    }
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void close() {
    attempt.fail(Outcome.INTERNAL_ERROR, "event loop shut down");
    finish();
  }
}
