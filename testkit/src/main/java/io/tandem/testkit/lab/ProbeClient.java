package io.tandem.testkit.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The lab's client: opens a new TCP connection to {@code HOST:PORT} every {@code INTERVAL_MS},
 * sends one HTTP GET and prints one line per attempt, {@code <ms since start> OK <who answered>}
 * or {@code <ms> FAIL connect:<why>} (the connection was never established: a failed connect, the
 * figure failover targets are about) or {@code <ms> FAIL read:<why>} (established, then reset or
 * silent: a request in flight when the VIP moved), for {@code DURATION_MS} (0: until killed). The
 * connect and the answer must each complete within {@code TIMEOUT_MS}.
 *
 * <p>{@code java ProbeClient HOST PORT INTERVAL_MS DURATION_MS TIMEOUT_MS}
 */
public final class ProbeClient {
  private ProbeClient() {}

  public static void main(String[] args) throws InterruptedException {
    InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    long interval = Long.parseLong(args[2]);
    long duration = Long.parseLong(args[3]);
    int timeout = Integer.parseInt(args[4]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    long start = System.nanoTime();
    while (duration == 0 || (System.nanoTime() - start) / 1_000_000 < duration) {
      long t0 = System.nanoTime();
      out.println((t0 - start) / 1_000_000 + " " + attempt(target, timeout));
      long spent = (System.nanoTime() - t0) / 1_000_000;
      if (spent < interval) {
        Thread.sleep(interval - spent);
      }
    }
  }

  static String attempt(InetSocketAddress target, int timeoutMillis) {
    try (Socket s = new Socket()) {
      try {
        s.connect(target, timeoutMillis);
      } catch (IOException e) {
        return "FAIL connect:" + reason(e);
      }
      s.setSoTimeout(timeoutMillis);
      OutputStream o = s.getOutputStream();
      o.write("GET / HTTP/1.0\r\nHost: lab\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      o.flush();
      InputStream in = s.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int body = response.indexOf("\r\n\r\n");
      if (!response.startsWith("HTTP/1.") || body < 0) {
        return "FAIL read:bad-response";
      }
      String who = response.substring(body + 4).trim();
      return who.isEmpty() ? "FAIL read:empty" : "OK " + who;
    } catch (IOException e) {
      return "FAIL read:" + reason(e);
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.replace(' ', '_');
  }
}
