package io.tandem.sync.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.model.VipServiceKey;
import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.sync.reconcile.ForwardingEngine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding in user space: one Netty listener per virtual service (TCP or UDP, VIP:port), a real
 * server picked per new TCP connection or new UDP client flow by the service's {@link BackendSet}.
 * Changing real servers swaps the backend set atomically; established connections and UDP flows
 * stay on their server, also when it is drained or removed. Needs no root when the ports are above
 * 1023. Fwmark services, SCTP, persistence and DR/TUN are refused with the reason.
 */
public final class ProxyEngine implements ForwardingEngine {
  private static final Logger log = LoggerFactory.getLogger(ProxyEngine.class);

  /** Idle time after which a UDP client flow is forgotten. */
  private final Duration udpFlowIdle;
  /** Upper bound on UDP flows per service; datagrams opening more are dropped and counted. */
  private final int maxUdpFlows;
  private final Duration connectTimeout;
  private final EventLoopGroup group;
  private final Map<ServiceKey, ProxyService> services = new TreeMap<>();
  private final AtomicLong droppedNoBackend = new AtomicLong();
  private final AtomicLong droppedFlowLimit = new AtomicLong();
  private final AtomicLong backendConnectFailures = new AtomicLong();

  public ProxyEngine(int ioThreads, Duration connectTimeout, Duration udpFlowIdle, int maxUdpFlows) {
    this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    this.connectTimeout = connectTimeout;
    this.udpFlowIdle = udpFlowIdle;
    this.maxUdpFlows = maxUdpFlows;
  }

  public ProxyEngine() {
    this(2, Duration.ofSeconds(3), Duration.ofSeconds(30), 10_000);
  }

  @Override
  public String name() {
    return "user-space-proxy";
  }

  @Override
  public boolean ownsWholeTable() {
    return true;
  }

  @Override
  public synchronized ForwardingTable observe() {
    List<ServiceEntry> entries = new ArrayList<>();
    for (ProxyService s : services.values()) {
      entries.add(s.entry);
    }
    return ForwardingTable.of(entries);
  }

  @Override
  public synchronized ApplyResult apply(List<SyncOp> ops) {
    List<SyncOp> applied = new ArrayList<>();
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (SyncOp op : ops) {
      String problem = applyOne(op);
      if (problem == null) {
        applied.add(op);
      } else {
        refused.add(new ApplyResult.Refusal(op, problem));
      }
    }
    return new ApplyResult(applied, refused);
  }

  /** Carries out one operation; returns why not, or null when done. */
  private String applyOne(SyncOp op) {
    ProxyService svc = services.get(op.service());
    switch (op) {
      case SyncOp.AddService a -> {
        if (svc != null) {
          return "service already exists";
        }
        if (!(a.spec().key() instanceof VipServiceKey key)) {
          return "fwmark services need the kernel (IPVS or nftables); the user-space proxy listens on VIP:port";
        }
        if (key.protocol() == Protocol.SCTP) {
          return "SCTP is not available in the user-space proxy (TCP and UDP only)";
        }
        if (a.spec().persistence().enabled()) {
          return "persistence is not available in the user-space proxy (use scheduler sh)";
        }
        if (!BackendSet.SUPPORTED.contains(a.spec().scheduler())) {
          return "scheduler " + a.spec().scheduler().ipvsName() + " is not available in the user-space proxy (it has rr, wrr, lc, wlc, sh)";
        }
        ProxyService created = new ProxyService(new ServiceEntry(a.spec(), Map.of()));
        String bindProblem = created.bind(key);
        if (bindProblem != null) {
          return bindProblem;
        }
        services.put(key, created);
        log.info("proxy: listening on {}", key);
        return null;
      }
      case SyncOp.EditService e -> {
        if (svc == null) {
          return "no such service";
        }
        if (e.spec().persistence().enabled()) {
          return "persistence is not available in the user-space proxy (use scheduler sh)";
        }
        if (!BackendSet.SUPPORTED.contains(e.spec().scheduler())) {
          return "scheduler " + e.spec().scheduler().ipvsName() + " is not available in the user-space proxy (it has rr, wrr, lc, wlc, sh)";
        }
        svc.update(svc.entry.withSpec(e.spec()));
        return null;
      }
      case SyncOp.DeleteService d -> {
        if (svc == null) {
          return "no such service";
        }
        services.remove(d.service());
        svc.close();
        log.info("proxy: stopped listening on {}", d.service());
        return null;
      }
      case SyncOp.AddDest a -> {
        return svc == null ? "no such service" : svc.entry.dests().containsKey(a.dest().address())
            ? "real server already exists" : setDest(svc, a.dest());
      }
      case SyncOp.EditDest e -> {
        return svc == null ? "no such service" : !svc.entry.dests().containsKey(e.dest().address())
            ? "no such real server" : setDest(svc, e.dest());
      }
      case SyncOp.DeleteDest d -> {
        if (svc == null || !svc.entry.dests().containsKey(d.address())) {
          return svc == null ? "no such service" : "no such real server";
        }
        svc.update(svc.entry.withoutDest(d.address()));
        return null;
      }
    }
  }

  private static String setDest(ProxyService svc, DestSpec dest) {
    if (dest.method() != ForwardingMethod.NAT) {
      return "forwarding method " + dest.method() + " is not available in the user-space proxy (it always connects to the real server itself, like NAT)";
    }
    if (dest.address().port() == 0) {
      return "real server port 0 (keep the client's port) is not available in the user-space proxy";
    }
    svc.update(svc.entry.withDest(dest));
    return null;
  }

  /** Counters: new connections or flows dropped for want of a server, or over the UDP flow limit; failed backend connects. */
  public record ProxyStats(long droppedNoBackend, long droppedFlowLimit, long backendConnectFailures) {}

  public ProxyStats proxyStats() {
    return new ProxyStats(droppedNoBackend.get(), droppedFlowLimit.get(), backendConnectFailures.get());
  }

  @Override
  public synchronized void close() {
    services.values().forEach(ProxyService::close);
    services.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }

  /** One listener and its current backend set. */
  private final class ProxyService {
    private volatile ServiceEntry entry;
    private volatile BackendSet backends;
    private final Map<RealServerAddress, AtomicInteger> connectionCounts = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Channel> udpFlows = new ConcurrentHashMap<>();
    private Channel listener;

    ProxyService(ServiceEntry entry) {
      this.entry = entry;
      this.backends = BackendSet.empty(entry.spec().scheduler());
    }

    void update(ServiceEntry next) {
      BackendSet set = new BackendSet(next.spec().scheduler(), List.copyOf(next.dests().values()),
          a -> connectionCounts.computeIfAbsent(a, k -> new AtomicInteger()));
      entry = next;
      backends = set; // one volatile write: a pick sees the old set or the new one, never a mix
    }

    String bind(VipServiceKey key) {
      InetSocketAddress at = new InetSocketAddress(key.vip(), key.port());
      ChannelFuture f;
      if (key.protocol() == Protocol.TCP) {
        f = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childHandler(new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new TcpFrontend(ProxyService.this));
              }
            }).bind(at);
      } else {
        f = new Bootstrap().group(group).channel(NioDatagramChannel.class)
            .handler(new UdpFrontend(this)).bind(at);
      }
      if (!f.awaitUninterruptibly(5, TimeUnit.SECONDS) || !f.isSuccess()) {
        f.channel().close();
        return "cannot listen on " + key + ": " + (f.cause() == null ? "timed out" : f.cause().getMessage());
      }
      listener = f.channel();
      return null;
    }

    void close() {
      if (listener != null) {
        listener.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
      }
      udpFlows.values().forEach(Channel::close);
    }
  }

  /** Accepted client connection: picks a server, connects, then relays both ways. */
  private final class TcpFrontend extends ChannelInboundHandlerAdapter {
    private final ProxyService service;
    private Channel backend;
    private AtomicInteger counted;

    TcpFrontend(ProxyService service) {
      this.service = service;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel inbound = ctx.channel();
      DestSpec dest = service.backends.pick(((InetSocketAddress) inbound.remoteAddress()).getAddress());
      if (dest == null) {
        droppedNoBackend.incrementAndGet();
        inbound.close();
        return;
      }
      counted = service.connectionCounts.computeIfAbsent(dest.address(), k -> new AtomicInteger());
      counted.incrementAndGet();
      ChannelFuture f = new Bootstrap().group(inbound.eventLoop()).channel(NioSocketChannel.class)
          .option(ChannelOption.AUTO_READ, false)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
          .handler(new Relay(inbound))
          .connect(new InetSocketAddress(dest.address().address(), dest.address().port()));
      backend = f.channel();
      f.addListener((ChannelFutureListener) done -> {
        if (done.isSuccess()) {
          inbound.read();
          backend.read();
        } else {
          backendConnectFailures.incrementAndGet();
          log.debug("proxy: connect to {} failed: {}", dest.address(), done.cause().getMessage());
          inbound.close();
        }
      });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (backend != null && backend.isActive()) {
        backend.writeAndFlush(msg).addListener((ChannelFutureListener) w -> {
          if (w.isSuccess()) {
            ctx.channel().read();
          } else {
            w.channel().close();
          }
        });
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (counted != null) {
        counted.decrementAndGet();
        counted = null;
      }
      if (backend != null) {
        closeOnFlush(backend);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }
  }

  /** Backend side of a TCP connection: copies to the client, reading on as writes complete. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) {
      this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.writeAndFlush(msg).addListener((ChannelFutureListener) w -> {
        if (w.isSuccess()) {
          ctx.channel().read();
        } else {
          w.channel().close();
        }
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      closeOnFlush(peer);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      closeOnFlush(ctx.channel());
    }
  }

  private static void closeOnFlush(Channel ch) {
    if (ch.isActive()) {
      ch.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /** UDP listener: one connected upstream channel per client address, forgotten when idle. */
  private final class UdpFrontend extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ProxyService service;

    UdpFrontend(ProxyService service) {
      this.service = service;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress client = packet.sender();
      Channel flow = service.udpFlows.get(client);
      ByteBuf payload = packet.content().retain();
      if (flow != null) {
        flow.writeAndFlush(payload);
        return;
      }
      if (service.udpFlows.size() >= maxUdpFlows) {
        droppedFlowLimit.incrementAndGet();
        payload.release();
        return;
      }
      DestSpec dest = service.backends.pick(client.getAddress());
      if (dest == null) {
        droppedNoBackend.incrementAndGet();
        payload.release();
        return;
      }
      Channel listener = ctx.channel();
      ChannelFuture f = new Bootstrap().group(listener.eventLoop()).channel(NioDatagramChannel.class)
          .handler(new ChannelInitializer<NioDatagramChannel>() {
            @Override
            protected void initChannel(NioDatagramChannel ch) {
              ch.pipeline().addLast(new IdleStateHandler(0, 0, udpFlowIdle.toMillis(), TimeUnit.MILLISECONDS));
              ch.pipeline().addLast(new UdpUpstream(listener, client));
            }
          })
          .connect(new InetSocketAddress(dest.address().address(), dest.address().port()));
      Channel upstream = f.channel();
      service.udpFlows.put(client, upstream);
      upstream.closeFuture().addListener(c -> service.udpFlows.remove(client, upstream));
      f.addListener((ChannelFutureListener) done -> {
        if (done.isSuccess()) {
          upstream.writeAndFlush(payload);
        } else {
          payload.release();
          backendConnectFailures.incrementAndGet();
          upstream.close();
        }
      });
    }
  }

  /** Replies from a real server, sent back to the client from the VIP:port listener. */
  private static final class UdpUpstream extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Channel listener;
    private final InetSocketAddress client;

    UdpUpstream(Channel listener, InetSocketAddress client) {
      this.listener = listener;
      this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      listener.writeAndFlush(new DatagramPacket(packet.content().retain(), client));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // e.g. ICMP port unreachable from a dead server: drop the flow, the next datagram picks again
      ctx.close();
    }
  }
}
