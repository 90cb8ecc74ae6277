package io.tandem.daemon.cli;

import io.tandem.daemon.control.ControlClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --socket}, shared by every command that talks to the running daemon. */
final class SocketOption {
  @Option(names = {"-s", "--socket"}, description = "Control socket of the daemon (default: ${DEFAULT-VALUE}).",
      defaultValue = "/run/tandem/tandem.sock")
  Path socket;

  ControlClient client() {
    return new ControlClient(socket);
  }
}
