package io.tandem.checkers.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.TcpSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * TCP connect check: up when the handshake completes. The socket is then closed with SO_LINGER 0
 * (an RST, as HAProxy does) so thousands of checks per second leave no TIME_WAIT behind.
 */
public final class TcpProbe implements Probe {
  @ChannelHandler.Sharable
  static final class Idle extends ChannelInboundHandlerAdapter {
    static final Idle INSTANCE = new Idle();

    @Override
    public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  private final TcpSpec spec;
  private final ProbeContext context;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;

  public TcpProbe(TcpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
    this.remote = spec.target().socketAddress();
    this.local = spec.target().source().map(s -> new InetSocketAddress(s, 0)).orElse(null);
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    int timeoutMillis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Bootstrap b = new Bootstrap()
        .group(context.transport().group())
        .channel(context.transport().socketChannel())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMillis)
        .option(ChannelOption.SO_LINGER, 0)
        .handler(Idle.INSTANCE);
    ChannelFuture connect = local == null ? b.connect(remote) : b.connect(remote, local);
    connect.addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        attempt.ok();
      } else {
        attempt.fail("connect", f.cause());
      }
    });
    // CONNECT_TIMEOUT_MILLIS is the whole attempt here: Netty fails the connect future at the timeout.
    attempt.future.whenComplete((r, e) -> connect.channel().close());
    return attempt.future;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
