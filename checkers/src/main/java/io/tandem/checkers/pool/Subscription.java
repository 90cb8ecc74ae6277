package io.tandem.checkers.pool;

import io.tandem.checkers.spec.CheckSpec;

/** A consumer's hold on a check. Closing it unsubscribes; the probe stops when its last consumer leaves. */
public interface Subscription extends AutoCloseable {
  CheckSpec spec();

  @Override
  void close();
}
