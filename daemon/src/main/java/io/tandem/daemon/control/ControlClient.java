package io.tandem.daemon.control;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/** The CLI's side of the control API. */
public final class ControlClient {
  private final Path socket;

  public ControlClient(Path socket) {
    this.socket = socket;
  }

  /** Sends one request and returns the reply's data; throws with the daemon's error message. */
  public JsonNode call(String command, Map<String, String> args) throws IOException {
    try (SocketChannel ch = connect()) {
      send(ch, command, args);
      BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
      String line = in.readLine();
      if (line == null) {
        throw new IOException("the daemon closed the connection without answering");
      }
      JsonNode reply = ControlProtocol.JSON.readTree(line);
      if (!reply.path("ok").asBoolean()) {
        throw new IOException(reply.path("error").asText("request failed"));
      }
      return reply.path("data");
    }
  }

  /** Follows {@code events}, passing each line to {@code onEvent} until it returns false or the daemon stops. */
  public void follow(Predicate<JsonNode> onEvent) throws IOException {
    try (SocketChannel ch = connect()) {
      send(ch, "events", Map.of());
      BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode n = ControlProtocol.JSON.readTree(line);
        if (n.has("ok") && !n.path("ok").asBoolean()) {
          throw new IOException(n.path("error").asText());
        }
        if (!onEvent.test(n)) {
          return;
        }
      }
    }
  }

  private SocketChannel connect() throws IOException {
    if (!Files.exists(socket)) {
      throw new IOException("no daemon control socket at " + socket + " (is `tandem run` running? see --socket)");
    }
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(socket));
    return ch;
  }

  private static void send(SocketChannel ch, String command, Map<String, String> args) throws IOException {
    OutputStream out = Channels.newOutputStream(ch);
    out.write(ControlProtocol.JSON.writeValueAsBytes(new ControlProtocol.Request(command, args)));
    out.write('\n');
    out.flush();
  }
}
