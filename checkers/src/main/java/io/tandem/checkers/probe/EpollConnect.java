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
import java.util.concurrent.TimeUnit;

/**
 * One TCP connect check straight on an epoll event loop, without a Netty channel: a non-blocking
 * socket, one {@code epoll_ctl ADD} for EPOLLOUT through the loop's {@link IoRegistration}, and a
 * close. The connection is never used, so a channel's pipeline, promises, address look-ups
 * ({@code getsockname}/{@code getpeername}), SO_ERROR read on success and {@code epoll_ctl MOD/DEL}
 * calls would be pure overhead: at 10,000 checks a second they cost more than the check itself.
 *
 * <p>Per check: {@code socket}, {@code setsockopt} ×2 (SO_LINGER 0, TCP_QUICKACK off) plus ×1 and
 * {@code bind} with a source address (IP_BIND_ADDRESS_NO_PORT), {@code connect}, {@code epoll_ctl},
 * {@code close}; SO_ERROR is read only when epoll reports an error. The socket is closed before the
 * registration is cancelled, so the kernel drops it from the epoll set and no {@code EPOLL_CTL_DEL}
 * is needed. Socket options as {@link StreamConnector} explains (RST on close, no handshake ACK).
 *
 * <p>Everything after {@link #start} runs on the loop's thread.
 */
final class EpollConnect implements EpollIoHandle {
  // Linux ABI constants (include/uapi/linux/in.h, tcp.h); Netty's own copies are not public.
  private static final int IPPROTO_IP = 0;
  private static final int IPPROTO_TCP = 6;
  private static final int TCP_QUICKACK = 12;
  private static final int IP_BIND_ADDRESS_NO_PORT = 24;

  private final Attempt attempt;
  private Socket socket;
  private IoRegistration registration;
  private ScheduledFuture<?> timer;
  private boolean finished;

  private EpollConnect(Attempt attempt) {
    this.attempt = attempt;
  }

  /**
   * Starts a connect on {@code loop}; {@code attempt} completes OK when the server answers the SYN,
   * or fails (refused, unreachable, timeout after {@code timeoutMillis}). Completing the attempt
   * from outside (a watchdog) also releases the socket.
   */
  static void start(IoEventLoop loop, InetSocketAddress remote, InetSocketAddress local, long timeoutMillis,
      Attempt attempt) {
    EpollConnect c = new EpollConnect(attempt);
    attempt.future.whenComplete((r, e) -> {
      if (loop.inEventLoop()) {
        c.finish();
      } else {
        loop.execute(c::finish);
      }
    });
    if (loop.inEventLoop()) {
      c.open(loop, remote, local, timeoutMillis);
    } else {
      loop.execute(() -> c.open(loop, remote, local, timeoutMillis));
    }
  }

  private void open(IoEventLoop loop, InetSocketAddress remote, InetSocketAddress local, long timeoutMillis) {
    if (attempt.done()) {
      return; // abandoned before it started
    }
    try {
      socket = newSocket(local);
      if (socket.connect(remote)) {
        attempt.ok();
        return;
      }
    } catch (IOException | RuntimeException e) {
      attempt.fail("connect", e);
      return;
    }
    timer = loop.schedule(() -> attempt.fail(Outcome.TIMEOUT, "connect: no answer within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    Future<IoRegistration> registered = loop.register(this);
    if (registered.isDone()) {
      onRegistered(registered);
    } else {
      registered.addListener(f -> onRegistered(registered));
    }
  }

  /**
   * A non-blocking TCP socket with the options of every check: SO_LINGER 0, TCP_QUICKACK off and,
   * with a {@code local} address, IP_BIND_ADDRESS_NO_PORT and the bind (see {@link StreamConnector}).
   * Closed again if setting it up fails.
   */
  static Socket newSocket(InetSocketAddress local) throws IOException {
    Socket socket = Socket.newSocketStream();
    try {
      socket.setSoLinger(0);
      socket.setIntOpt(IPPROTO_TCP, TCP_QUICKACK, 0);
      if (local != null) {
        socket.setIntOpt(IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1);
        socket.bind(local);
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
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
      registration.submit(EpollIoOps.EPOLLOUT);
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
    if ((ops & Native.EPOLLERR) != 0) {
      try {
        if (socket.finishConnect()) { // an error flag with no error pending: connected after all
          attempt.ok();
        }
      } catch (IOException e) {
        attempt.fail("connect", e); // ECONNREFUSED, EHOSTUNREACH, ... as the kernel reported them
      }
    } else if ((ops & Native.EPOLLOUT) != 0) {
      attempt.ok(); // writable without an error: the handshake is done
    }
  }

  /** Releases everything; runs on the loop once the attempt has completed. */
  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    if (timer != null) {
      timer.cancel(false);
    }
    closeSocket();
    if (registration != null) {
      registration.cancel(); // after the close: the kernel has dropped the fd from epoll already
    }
  }

  private void closeSocket() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing more to release
      }
    }
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  /** Called by the loop when it shuts down with this registration still open. */
  @Override
  public void close() {
    attempt.fail(Outcome.INTERNAL_ERROR, "event loop shut down");
    finish();
  }
}
