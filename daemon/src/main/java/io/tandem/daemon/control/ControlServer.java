package io.tandem.daemon.control;

import io.tandem.daemon.control.ControlProtocol.Reply;
import io.tandem.daemon.control.ControlProtocol.Request;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the control API on a Unix socket. The socket file is mode 0600 inside a directory that
 * is created 0700 when missing, and every connection's peer credentials (SO_PEERCRED) are checked:
 * only root and the daemon's own user are answered. One virtual thread per connection.
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
  /** Bound on events queued for a slow `tandem events` reader before it is disconnected. */
  private static final int EVENT_BACKLOG = 10_000;

  private final Path socket;
  private final ControlHandler handler;
  private final ServerSocketChannel server;
  private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
  private final String ownUser = System.getProperty("user.name");
  private final Thread acceptor;

  public ControlServer(Path socket, ControlHandler handler) throws IOException {
    this.socket = socket;
    this.handler = handler;
    Path dir = socket.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.deleteIfExists(socket); // a stale socket of a previous run; a live daemon would hold the pid file
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    acceptor = Thread.ofPlatform().name("control-accept").daemon().start(this::acceptLoop);
    log.info("control API listening on {}", socket);
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel ch = server.accept();
        connections.execute(() -> serve(ch));
      } catch (IOException e) {
        if (server.isOpen()) {
          log.warn("control accept failed: {}", e.getMessage());
        }
      }
    }
  }

  private void serve(SocketChannel ch) {
    try (ch; InputStream in = Channels.newInputStream(ch); OutputStream out = Channels.newOutputStream(ch)) {
      UserPrincipal peer = ch.getOption(ExtendedSocketOptions.SO_PEERCRED) instanceof UnixDomainPrincipal p ? p.user() : null;
      if (peer == null || !(peer.getName().equals("root") || peer.getName().equals(ownUser))) {
        write(out, Reply.error("permission denied: the control API is for root"));
        return;
      }
      byte[] line = readLine(in);
      Request req;
      try {
        req = ControlProtocol.JSON.readValue(line, Request.class);
      } catch (IOException e) {
        write(out, Reply.error("bad request: not a JSON object line"));
        return;
      }
      if ("events".equals(req.command())) {
        streamEvents(out);
        return;
      }
      write(out, dispatch(req));
    } catch (IOException e) {
      log.debug("control connection ended: {}", e.getMessage());
    }
  }

  Reply dispatch(Request req) {
    try {
      return switch (req.command() == null ? "" : req.command()) {
        case "status" -> Reply.ok(handler.status());
        case "reload" -> Reply.ok(handler.reload(Boolean.parseBoolean(req.args().getOrDefault("dryRun", "false"))));
        case "handover" -> Reply.ok(handler.handover(req.arg("instance")));
        case "drain" -> Reply.ok(handler.drain(req.arg("service"), req.arg("server"), true));
        case "undrain" -> Reply.ok(handler.drain(req.arg("service"), req.arg("server"), false));
        default -> Reply.error("unknown command '" + req.command() + "'");
      };
    } catch (ControlHandler.ControlException e) {
      return Reply.error(e.getMessage());
    } catch (RuntimeException e) {
      log.error("control command {} failed", req.command(), e);
      return Reply.error("internal error: " + e);
    }
  }

  /** Writes events as they come; a reader that falls {@link #EVENT_BACKLOG} behind is dropped. */
  private void streamEvents(OutputStream out) throws IOException {
    LinkedBlockingQueue<EventView> queue = new LinkedBlockingQueue<>(EVENT_BACKLOG);
    boolean[] overflow = {false};
    try (AutoCloseable sub = handler.subscribe(e -> {
      if (!queue.offer(e)) {
        overflow[0] = true;
      }
    })) {
      while (server.isOpen() && !overflow[0]) {
        EventView e = queue.poll(1, TimeUnit.SECONDS);
        if (e != null) {
          out.write(ControlProtocol.JSON.writeValueAsBytes(e));
          out.write('\n');
          out.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      log.debug("event stream closed: {}", e.toString());
    }
  }

  private static void write(OutputStream out, Reply reply) throws IOException {
    out.write(ControlProtocol.JSON.writeValueAsBytes(reply));
    out.write('\n');
    out.flush();
  }

  private static byte[] readLine(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (buf.size() >= ControlProtocol.MAX_REQUEST_BYTES) {
        throw new IOException("request line too long");
      }
      buf.write(b);
    }
    return buf.toByteArray();
  }

  public Path socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    server.close();
    acceptor.interrupt();
    connections.shutdownNow();
    Files.deleteIfExists(socket);
  }
}
