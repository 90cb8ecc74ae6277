package io.tandem.sync.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A test client that asks servers their names, from inside a namespace (or the current one if null). */
public final class Client implements AutoCloseable {
  private final ExecutorService thread;

  public Client(String ns) {
    this.thread = ns == null ? java.util.concurrent.Executors.newSingleThreadExecutor() : Netns.executorIn(ns, 1);
  }

  /** Opens {@code count} TCP connections one after another; counts answers by server name ("error: ..." on failure). */
  public Map<String, Integer> tcpNames(InetSocketAddress target, int count) throws Exception {
    return onThread(() -> {
      Map<String, Integer> counts = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        counts.merge(tcpName(target), 1, Integer::sum);
      }
      return counts;
    });
  }

  /** Sends {@code count} datagrams, each from a fresh socket (a new flow); counts answers by name. */
  public Map<String, Integer> udpNames(InetSocketAddress target, int count) throws Exception {
    return onThread(() -> {
      Map<String, Integer> counts = new TreeMap<>();
      byte[] buf = new byte[512];
      for (int i = 0; i < count; i++) {
        try (DatagramSocket s = new DatagramSocket()) {
          s.setSoTimeout(1000);
          s.send(new DatagramPacket(new byte[] {'?'}, 1, target));
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          s.receive(p);
          counts.merge(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8), 1, Integer::sum);
        } catch (IOException e) {
          counts.merge("error: " + e.getClass().getSimpleName(), 1, Integer::sum);
        }
      }
      return counts;
    });
  }

  /** An open connection for tests of established flows. */
  public Held hold(InetSocketAddress target) throws Exception {
    return onThread(() -> {
      Socket s = new Socket();
      s.connect(target, 2000);
      s.setSoTimeout(2000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      return new Held(s, in, in.readLine());
    });
  }

  public record Held(Socket socket, BufferedReader in, String server) implements AutoCloseable {
    /** Sends a line and returns the echo (null if the connection broke). */
    public String echo(String line) {
      try {
        socket.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        return in.readLine();
      } catch (IOException e) {
        return null;
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static String tcpName(InetSocketAddress target) {
    try (Socket s = new Socket()) {
      s.connect(target, 1000);
      s.setSoTimeout(1000);
      String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
      return line == null ? "error: closed" : line;
    } catch (IOException e) {
      return "error: " + e.getClass().getSimpleName();
    }
  }

  private <T> T onThread(Callable<T> c) throws Exception {
    return thread.submit(c).get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
