package io.tandem.notify.dispatch;

import java.io.IOException;
import java.nio.file.Path;

/** Writes one line (newline included) to a notify FIFO. */
public interface FifoSink {
  void write(Path fifo, String line) throws IOException;
}
