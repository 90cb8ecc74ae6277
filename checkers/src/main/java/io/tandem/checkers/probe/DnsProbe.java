package io.tandem.checkers.probe;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.DnsSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * DNS check over UDP: one query (RD set), one answer. The reply must carry our transaction id; its
 * rcode (RFC 1035 section 4.1.1) must be one of the expected ones and, if required, the answer
 * section must hold a record of the asked type.
 */
public final class DnsProbe implements Probe {
  private final DnsSpec spec;
  private final ProbeContext context;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final DnsRecordType type;

  public DnsProbe(DnsSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
    this.remote = spec.target().socketAddress();
    this.local = spec.target().source().map(s -> new InetSocketAddress(s, 0)).orElse(null);
    this.type = DnsRecordType.valueOf(spec.queryType());
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    long timeoutMillis = Math.max(1, timeout.toMillis());
    int id = ThreadLocalRandom.current().nextInt(1 << 16);
    Bootstrap b = new Bootstrap()
        .group(context.transport().group())
        .channel(context.transport().datagramChannel())
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                new SimpleChannelInboundHandler<DatagramDnsResponse>() {
                  @Override
                  protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse response) {
                    if (response.id() != id) {
                      return; // a late answer to an earlier query on a reused port: not ours
                    }
                    judge(attempt, response);
                  }

                  @Override
                  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    attempt.fail("receive", cause);
                  }
                });
          }
        });
    ChannelFuture connect = local == null ? b.connect(remote) : b.connect(remote, local);
    Channel channel = connect.channel();
    connect.addListener((ChannelFuture f) -> {
      if (!f.isSuccess()) {
        attempt.fail("connect", f.cause());
        return;
      }
      DatagramDnsQuery query = new DatagramDnsQuery(null, remote, id);
      query.setRecursionDesired(true);
      query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(fqdn(spec.name()), type));
      f.channel().writeAndFlush(query).addListener(w -> {
        if (!w.isSuccess()) {
          attempt.fail("send", w.cause());
        }
      });
    });
    ScheduledFuture<?> timer = channel.eventLoop().schedule(
        () -> attempt.fail(Outcome.TIMEOUT, "no answer within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    attempt.future.whenComplete((r, e) -> {
      timer.cancel(false);
      channel.close();
    });
    return attempt.future;
  }

  private void judge(Attempt attempt, DatagramDnsResponse response) {
    int rcode = response.code().intValue();
    if (!spec.expectedRcodes().contains(rcode)) {
      attempt.fail(Outcome.BAD_RCODE, "rcode " + response.code());
      return;
    }
    if (spec.requireAnswer()) {
      int count = response.count(DnsSection.ANSWER);
      for (int i = 0; i < count; i++) {
        DnsRecord answer = response.recordAt(DnsSection.ANSWER, i);
        if (answer.type().equals(type)) {
          attempt.ok();
          return;
        }
      }
      attempt.fail(Outcome.NO_ANSWER, "no " + spec.queryType() + " record among " + count + " answers");
      return;
    }
    attempt.ok();
  }

  private static String fqdn(String name) {
    return name.endsWith(".") ? name : name + ".";
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
