package io.tandem.sync.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test real server that says who it is: on TCP it sends its name and a newline, then echoes lines
 * until the client closes; on UDP it answers every datagram with its name. Runs in a namespace.
 */
public final class NameServer implements AutoCloseable {
  private final String name;
  private final ExecutorService threads;
  private volatile ServerSocket tcp;
  private volatile DatagramSocket udp;

  /** Starts serving {@code address}:{@code tcpPort} and {@code address}:{@code udpPort} in namespace {@code ns} (null: the current one). */
  public NameServer(String ns, String name, InetAddress address, int tcpPort, int udpPort) throws Exception {
    this.name = name;
    this.threads = ns == null ? java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "name-server-" + name);
      t.setDaemon(true);
      return t;
    }) : Netns.executorIn(ns, 6);
    threads.submit(() -> {
      tcp = new ServerSocket();
      tcp.setReuseAddress(true);
      tcp.bind(new InetSocketAddress(address, tcpPort), 512);
      udp = new DatagramSocket(new InetSocketAddress(address, udpPort));
      return null;
    }).get(5, TimeUnit.SECONDS);
    threads.submit(this::acceptLoop);
    threads.submit(this::udpLoop);
  }

  private void acceptLoop() {
    while (!tcp.isClosed()) {
      try {
        Socket s = tcp.accept();
        threads.submit(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException ignored) {
      // client went away
    }
  }

  private void udpLoop() {
    byte[] buf = new byte[512];
    byte[] reply = name.getBytes(StandardCharsets.UTF_8);
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        udp.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      if (tcp != null) {
        tcp.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
    if (udp != null) {
      udp.close();
    }
    threads.shutdownNow();
  }
}
