package io.tandem.daemon.events;

import io.tandem.daemon.control.EventView;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans state changes out to {@code tandem events} followers and keeps the latest ones for the
 * status page. Publishing never blocks: a follower that throws is dropped, not retried.
 */
public final class EventHub {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private static final int RECENT = 200;

  private final List<Consumer<EventView>> followers = new CopyOnWriteArrayList<>();
  private final ArrayDeque<EventView> recent = new ArrayDeque<>();

  public void publish(String kind, String subject, String from, String to, String reason) {
    publish(new EventView(System.currentTimeMillis(), kind, subject, from, to, reason));
  }

  public void publish(EventView event) {
    synchronized (recent) {
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(event);
    }
    for (Consumer<EventView> f : followers) {
      try {
        f.accept(event);
      } catch (RuntimeException e) {
        log.debug("event follower failed, dropping it: {}", e.toString());
        followers.remove(f);
      }
    }
  }

  public AutoCloseable subscribe(Consumer<EventView> follower) {
    followers.add(follower);
    return () -> followers.remove(follower);
  }

  /** The latest events, oldest first. */
  public List<EventView> recent() {
    synchronized (recent) {
      return List.copyOf(recent);
    }
  }
}
