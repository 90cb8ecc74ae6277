package io.tandem.checkers.probe;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event-loop group and the channel classes that go with it: epoll when its native library
 * loads on this machine, NIO otherwise.
 */
public record NettyTransport(EventLoopGroup group, Class<? extends SocketChannel> socketChannel,
    Class<? extends DatagramChannel> datagramChannel, String name) implements AutoCloseable {

  /** A new group of {@code threads} event loops (daemon threads named {@code tandem-check-N}). */
  public static NettyTransport create(int threads) {
    DefaultThreadFactory threadFactory = new DefaultThreadFactory("tandem-check", true);
    if (Epoll.isAvailable()) {
      IoHandlerFactory epoll = EpollIoHandler.newFactory();
      return new NettyTransport(new MultiThreadIoEventLoopGroup(threads, threadFactory, epoll),
          EpollSocketChannel.class, EpollDatagramChannel.class, "epoll");
    }
    return new NettyTransport(new MultiThreadIoEventLoopGroup(threads, threadFactory, NioIoHandler.newFactory()),
        NioSocketChannel.class, NioDatagramChannel.class, "nio");
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
