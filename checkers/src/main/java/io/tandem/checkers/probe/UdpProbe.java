package io.tandem.checkers.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.UdpSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * UDP request/reply check. The channel is connected to the target, so the kernel reports an ICMP
 * port unreachable to it as ECONNREFUSED (Netty: PortUnreachableException) and replies from other
 * addresses are filtered out by the kernel.
 */
public final class UdpProbe implements Probe {
  private final UdpSpec spec;
  private final ProbeContext context;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final byte[] payload;
  private final Optional<byte[]> expectedPrefix;

  public UdpProbe(UdpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
    this.remote = spec.target().socketAddress();
    this.local = spec.target().source().map(s -> new InetSocketAddress(s, 0)).orElse(null);
    this.payload = spec.payload();
    this.expectedPrefix = spec.expectReplyPrefix();
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    long timeoutMillis = Math.max(1, timeout.toMillis());
    Bootstrap b = new Bootstrap()
        .group(context.transport().group())
        .channel(context.transport().datagramChannel())
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ByteBuf reply = packet.content();
            if (expectedPrefix.isPresent() && !startsWith(reply, expectedPrefix.get())) {
              byte[] head = new byte[Math.min(16, reply.readableBytes())];
              reply.getBytes(reply.readerIndex(), head);
              attempt.fail(Outcome.BAD_REPLY, "reply starts with " + HexFormat.of().formatHex(head));
              return;
            }
            attempt.ok();
          }

          @Override
          public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            attempt.fail("receive", cause);
          }
        });
    ChannelFuture connect = local == null ? b.connect(remote) : b.connect(remote, local);
    Channel channel = connect.channel();
    connect.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        attempt.fail("connect", f.cause());
        return;
      }
      f.channel().writeAndFlush(Unpooled.wrappedBuffer(payload)).addListener(w -> {
        if (!w.isSuccess()) {
          attempt.fail("send", w.cause());
        }
      });
    });
    ScheduledFuture<?> timer = channel.eventLoop().schedule(
        () -> attempt.fail(Outcome.TIMEOUT, "no reply within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    attempt.future.whenComplete((r, e) -> {
      timer.cancel(false);
      channel.close();
    });
    return attempt.future;
  }

  private static boolean startsWith(ByteBuf buf, byte[] prefix) {
    if (buf.readableBytes() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf.getByte(buf.readerIndex() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
