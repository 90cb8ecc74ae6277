package io.tandem.vrrp.net;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;

/**
 * A test-side observer: a pcap handle with its own filter, stamping each captured frame with
 * System.nanoTime() on arrival. Open it inside the namespace (Namespaces.call).
 */
final class CaptureProbe implements AutoCloseable {
  record Captured(long nanos, byte[] frame) {}

  private final PcapHandle handle;
  private final Thread thread;
  private final BlockingQueue<Captured> frames = new LinkedBlockingQueue<>();
  private volatile boolean running = true;

  CaptureProbe(String ifName, String filter) throws PcapNativeException, NotOpenException {
    handle = new PcapHandle.Builder(ifName).snaplen(512)
        .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
        .immediateMode(true).timeoutMillis(100).bufferSize(1 << 20).build();
    handle.setFilter(filter, BpfProgram.BpfCompileMode.OPTIMIZE);
    thread = new Thread(() -> {
      while (running) {
        try {
          handle.loop(-1, (byte[] f) -> frames.add(new Captured(System.nanoTime(), f)));
        } catch (InterruptedException e) {
          // breakLoop
        } catch (PcapNativeException | NotOpenException e) {
          return;
        }
      }
    }, "probe-" + ifName);
    thread.setDaemon(true);
    thread.setPriority(Thread.MAX_PRIORITY);
    thread.start();
  }

  Captured next(long timeoutMillis) throws InterruptedException {
    return frames.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  void clear() {
    frames.clear();
  }

  @Override
  public void close() {
    running = false;
    try {
      handle.breakLoop();
      thread.join(2000);
    } catch (NotOpenException | InterruptedException ignored) {
      // closing anyway
    }
    handle.close();
  }
}
