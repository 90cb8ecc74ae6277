package io.tandem.checkers.probe;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoEventLoop;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.TcpSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * TCP connect check: up when the server answers the SYN (the connect completes). The socket is then
 * closed with SO_LINGER 0 (an RST, as HAProxy does) so thousands of checks per second leave no
 * TIME_WAIT behind; on epoll the last ACK of the handshake is held back so the RST ends the
 * connection before the server accepts it (see {@link StreamConnector}). On epoll the check runs
 * without a Netty channel ({@link EpollConnect}); on NIO through one.
 */
public final class TcpProbe implements Probe {
  @ChannelHandler.Sharable
  static final class Idle extends ChannelInboundHandlerAdapter {
    static final Idle INSTANCE = new Idle();

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private final TcpSpec spec;
  private final ProbeContext context;
  private final StreamConnector connector;

  public TcpProbe(TcpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
    this.connector = new StreamConnector(spec.target(), context);
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    if (connector.epoll()) {
      EpollConnect.start((IoEventLoop) context.transport().group().next(), connector.remote(), connector.local(),
          timeoutMillis, attempt);
      return attempt.future;
    }
    // The connect timeout is the whole attempt here: Netty fails the connect at the timeout.
    ChannelPromise connect = connector.connect(Idle.INSTANCE, timeoutMillis);
    connect.addListener(f -> {
      if (f.isSuccess()) {
        attempt.ok();
      } else {
        attempt.fail("connect", f.cause());
      }
    });
    attempt.future.whenComplete((r, e) -> StreamConnector.closeLater(connect.channel()));
    return attempt.future;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
