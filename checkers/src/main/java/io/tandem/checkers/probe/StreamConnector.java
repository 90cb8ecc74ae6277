package io.tandem.checkers.probe;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.tandem.checkers.spec.NetTarget;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the TCP connections of one probe (TCP, HTTP): what Netty's {@code Bootstrap} does, minus
 * what a health check at 10,000 a second does not need: no options map copied per connection, no
 * resolver lookup, no extra task between registering and connecting.
 *
 * <ul>
 *   <li>SO_LINGER 0: the probe's close is an RST, as HAProxy's, so checks leave no TIME_WAIT.
 *   <li>With a source address ({@code bindto}) on epoll, IP_BIND_ADDRESS_NO_PORT: the kernel picks the
 *       source port at connect time from the whole 4-tuple, instead of at bind time from the ports
 *       still free for that address alone (as HAProxy does).
 *   <li>On epoll, TCP_QUICKACK off before connecting: the kernel holds back the last ACK of the
 *       handshake (HAProxy's checks do the same). A TCP connect check closes on the SYN-ACK, so its
 *       RST reaches the server before that ACK would have, and the server drops the half-open
 *       connection without ever queueing it for accept or waking its process; a SYN-ACK proves the
 *       listener as well as a full handshake does, and at 10,000 checks a second this halves the
 *       kernel's work per check. A check that sends a request (HTTP, TLS) has the ACK ride on it.
 *   <li>The remote address carries its literal as host name, so Netty's bookkeeping after each
 *       connect does not format the IPv6 address to text again.
 * </ul>
 */
final class StreamConnector {
  /** One reflective factory per channel class, not one per probe (each holds a Constructor). */
  private static final Map<Class<? extends SocketChannel>, ChannelFactory<? extends SocketChannel>> FACTORIES =
      new ConcurrentHashMap<>();

  private final ProbeContext context;
  private final ChannelFactory<? extends SocketChannel> factory;
  private final InetSocketAddress remote;
  private final InetSocketAddress local;
  private final boolean epoll;

  StreamConnector(NetTarget target, ProbeContext context) {
    this.context = context;
    this.factory = FACTORIES.computeIfAbsent(context.transport().socketChannel(), ReflectiveChannelFactory::new);
    this.remote = literal(target.socketAddress());
    this.local = target.source().map(s -> new InetSocketAddress(s, 0)).orElse(null);
    this.epoll = EpollSocketChannel.class.isAssignableFrom(context.transport().socketChannel());
  }

  InetSocketAddress remote() {
    return remote;
  }

  /** The source address to bind (port 0), or null. */
  InetSocketAddress local() {
    return local;
  }

  /** Whether the transport is epoll (so {@link EpollConnect} can be used). */
  boolean epoll() {
    return epoll;
  }

  /**
   * A new channel with {@code handler} in its pipeline, registered and connecting; the promise
   * completes when the connection is up, or fails (refused, unreachable, timeout after {@code
   * connectTimeoutMillis}).
   */
  ChannelPromise connect(ChannelHandler handler, int connectTimeoutMillis) {
    Channel channel = factory.newChannel();
    ChannelPromise connected = channel.newPromise();
    try {
      channel.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis);
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      if (epoll) {
        channel.config().setOption(EpollChannelOption.TCP_QUICKACK, false);
        if (local != null) {
          channel.config().setOption(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
      }
      channel.pipeline().addLast(handler);
    } catch (RuntimeException e) {
      channel.unsafe().closeForcibly();
      connected.setFailure(e);
      return connected;
    }
    context.transport().group().register(channel).addListener(registered -> {
      if (!registered.isSuccess()) {
        channel.unsafe().closeForcibly();
        connected.tryFailure(registered.cause());
        return;
      }
      if (local == null) {
        channel.connect(remote, connected);
      } else {
        channel.connect(remote, local, connected);
      }
    });
    return connected;
  }

  /**
   * Closes {@code channel} in a task of its own: closing from inside the connect promise's listener
   * would find Netty's connect still pending and build a ClosedChannelException (with stack trace)
   * for nobody, on every check.
   */
  static void closeLater(Channel channel) {
    if (channel.isRegistered()) {
      channel.eventLoop().execute(channel::close);
    } else {
      channel.close();
    }
  }

  private static InetSocketAddress literal(InetSocketAddress a) {
    InetAddress address = a.getAddress();
    if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
      return a; // keep the scope, which a plain getByAddress(host, bytes) would drop
    }
    try {
      String text = address.getHostAddress();
      return new InetSocketAddress(InetAddress.getByAddress(text, address.getAddress()), a.getPort());
    } catch (UnknownHostException e) {
      return a; // cannot happen for an address of valid length
    }
  }
}
