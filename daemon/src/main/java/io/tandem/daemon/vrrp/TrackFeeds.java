package io.tandem.daemon.vrrp;

import io.tandem.common.time.Cancellable;
import io.tandem.common.time.Scheduler;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.TrackFile;
import io.tandem.config.model.VrrpInstanceConfig.TrackScript;
import io.tandem.vrrp.fsm.TrackInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds track scripts (run without a shell, killed at their timeout) and track files (an integer
 * written by other tools, read every second) into their instance. Scripts run on virtual threads so
 * a hung one delays nobody; results are handed to the VRRP thread through {@code sink}.
 */
final class TrackFeeds implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrackFeeds.class);
  private static final Duration FILE_POLL = Duration.ofSeconds(1);

  interface Sink {
    void input(String instance, String track, TrackInput input);
  }

  private final Scheduler scheduler;
  private final Sink sink;
  private final ExecutorService scripts = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, List<Cancellable>> running = new HashMap<>();

  TrackFeeds(Scheduler scheduler, Sink sink) {
    this.scheduler = scheduler;
    this.sink = sink;
  }

  /** Call on the scheduler's thread. */
  void start(VrrpInstanceConfig c) {
    stop(c.name());
    List<Cancellable> handles = new ArrayList<>();
    running.put(c.name(), handles);
    for (TrackScript t : c.track().scripts()) {
      schedule(handles, Duration.ZERO, t.interval(), () -> scripts.execute(() -> runScript(c.name(), t)));
    }
    for (TrackFile t : c.track().files()) {
      schedule(handles, Duration.ZERO, FILE_POLL, () -> readFile(c.name(), t));
    }
  }

  void stop(String instance) {
    List<Cancellable> handles = running.remove(instance);
    if (handles != null) {
      handles.forEach(Cancellable::cancel);
    }
  }

  /** Runs {@code task} now and then every {@code period} until cancelled. */
  private void schedule(List<Cancellable> handles, Duration delay, Duration period, Runnable task) {
    handles.add(new Repeating(period, task).arm(delay));
  }

  private final class Repeating implements Cancellable {
    private final Duration period;
    private final Runnable task;
    private volatile boolean cancelled;
    private volatile Cancellable next = Cancellable.NONE;

    Repeating(Duration period, Runnable task) {
      this.period = period;
      this.task = task;
    }

    Repeating arm(Duration delay) {
      next = scheduler.schedule(delay, () -> {
        if (!cancelled) {
          task.run();
          arm(period);
        }
      });
      return this;
    }

    @Override
    public void cancel() {
      cancelled = true;
      next.cancel();
    }
  }

  private void runScript(String instance, TrackScript t) {
    boolean ok;
    try {
      Process p = new ProcessBuilder(t.command()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(t.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        log.warn("{}: track script {} timed out after {}; counted as a failure", instance, t.name(), t.timeout());
        ok = false;
      } else {
        ok = p.exitValue() == 0;
      }
    } catch (IOException e) {
      log.warn("{}: track script {} cannot run: {}", instance, t.name(), e.getMessage());
      ok = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    sink.input(instance, InstanceSpecs.scriptTrack(t.name()), new TrackInput.ScriptResult(ok));
  }

  /** keepalived's rule: a missing or unparsable file reads as 0. */
  private void readFile(String instance, TrackFile t) {
    int value = 0;
    try {
      String text = Files.readString(Path.of(t.path()), StandardCharsets.US_ASCII).trim();
      if (!text.isEmpty()) {
        value = Integer.parseInt(text.split("\\s+", 2)[0]);
      }
    } catch (IOException | NumberFormatException e) {
      value = 0;
    }
    sink.input(instance, InstanceSpecs.fileTrack(t.path()), new TrackInput.FileValue(value));
  }

  @Override
  public void close() {
    scripts.shutdownNow();
  }
}
