package io.tandem.daemon.control;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The wire format: the client writes one JSON object line {@code {"command": "...", "args": {...}}};
 * the server answers with one line {@code {"ok": true, "data": ...}} or {@code {"ok": false,
 * "error": "..."}} — except {@code events}, answered with one event object per line until either
 * side closes.
 */
public final class ControlProtocol {
  /** Requests are tiny; a longer line is refused so a confused client cannot balloon memory. */
  static final int MAX_REQUEST_BYTES = 64 * 1024;

  public static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private ControlProtocol() {}

  public record Request(String command, Map<String, String> args) {
    public Request {
      args = args == null ? Map.of() : Map.copyOf(args);
    }

    String arg(String name) {
      String v = args.get(name);
      if (v == null || v.isEmpty()) {
        throw new ControlHandler.ControlException(command + " needs " + name);
      }
      return v;
    }
  }

  public record Reply(boolean ok, Object data, String error) {
    static Reply ok(Object data) {
      return new Reply(true, data, null);
    }

    static Reply error(String message) {
      return new Reply(false, null, message);
    }
  }
}
