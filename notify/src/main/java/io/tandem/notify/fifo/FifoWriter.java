package io.tandem.notify.fifo;

import io.tandem.notify.dispatch.FifoSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Writes notify lines to FIFOs. Each FIFO is opened read-write (O_RDWR), as keepalived does, so the
 * open never blocks waiting for a reader and a reader may come and go; lines shorter than PIPE_BUF
 * (4096 bytes, pipe(7)) are written atomically. A missing FIFO is created with mode 0600 by
 * {@code mkfifo}; an existing path that is not a FIFO is refused. After a write error the FIFO is
 * reopened on the next line. Writes can block only while the pipe is full; they run on the FIFO's
 * own notify lane, so that never holds up scripts, webhooks or the caller.
 */
public final class FifoWriter implements FifoSink, AutoCloseable {
  private static final int S_IFMT = 0170000;
  private static final int S_IFIFO = 0010000;

  private final Map<Path, FileChannel> open = new ConcurrentHashMap<>();

  @Override
  public synchronized void write(Path fifo, String line) throws IOException {
    FileChannel ch = open.get(fifo);
    if (ch == null || !ch.isOpen()) {
      ch = openFifo(fifo);
      open.put(fifo, ch);
    }
    ByteBuffer buf = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    try {
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    } catch (IOException e) {
      open.remove(fifo);
      ch.close();
      throw e;
    }
  }

  private static FileChannel openFifo(Path fifo) throws IOException {
    if (!Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)) {
      mkfifo(fifo);
    }
    int mode = (Integer) Files.getAttribute(fifo, "unix:mode");
    if ((mode & S_IFMT) != S_IFIFO) {
      throw new IOException(fifo + " exists and is not a FIFO; refusing to write notify lines into it");
    }
    return FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  private static void mkfifo(Path fifo) throws IOException {
    Process p = new ProcessBuilder("mkfifo", "-m", "0600", "--", fifo.toString()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("mkfifo " + fifo + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted creating FIFO " + fifo, e);
    }
  }

  /** Not synchronized: closing a channel also unblocks a write stuck on a full pipe. */
  @Override
  public void close() {
    for (FileChannel ch : open.values()) {
      try {
        ch.close();
      } catch (IOException e) {
        // Closing a pipe cannot lose data we care about.
      }
    }
    open.clear();
  }
}
