package io.tandem.vrrp.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time scheduling (SCHED_RR) for the threads VRRP's timing depends on: the packet capture
 * threads and the VRRP timer thread. Java thread priorities mean nothing to Linux, so under CPU
 * contention (a busy director, a neighbour's build, a flood of junk frames to decode) a normal
 * thread can wait hundreds of milliseconds for a CPU: a backup then misses three adverts and
 * takes over. keepalived offers the same ({@code vrrp_rt_priority}).
 *
 * <p>Priority from the system property {@code tandem.vrrp.rt-priority} (1..99, default
 * {@value #DEFAULT_PRIORITY}; 0 turns it off). {@code SCHED_RESET_ON_FORK} is set so nothing these
 * threads start inherits it. Without CAP_SYS_NICE the call fails and the thread stays as it was.
 */
public final class RealtimeScheduling {
  private static final Logger log = LoggerFactory.getLogger(RealtimeScheduling.class);
  public static final int DEFAULT_PRIORITY = 10;
  public static final String PROPERTY = "tandem.vrrp.rt-priority";
  private static final int SCHED_RR = 2;
  private static final int SCHED_RESET_ON_FORK = 0x40000000;

  private RealtimeScheduling() {}

  /** The configured priority (capture threads), 0 when real-time scheduling is off. */
  public static int priority() {
    int p = Integer.getInteger(PROPERTY, DEFAULT_PRIORITY);
    return Math.max(0, Math.min(98, p));
  }

  /**
   * One above {@link #priority()}: the VRRP timer thread and the JVM's pause threads. SCHED_RR
   * threads of equal priority take turns in 100 ms slices, so a timer thread level with capture
   * threads that are busy with a flood (its own or another daemon's on the same host) could wait a
   * whole slice; above them it preempts them at once. 0 when real-time scheduling is off.
   */
  public static int timerPriority() {
    int p = priority();
    return p == 0 ? 0 : p + 1;
  }

  /**
   * Puts the calling thread in SCHED_RR at {@link #priority()}. Returns whether it did; a refusal
   * (no privilege, a container without real-time budget) is logged once per thread at INFO.
   */
  public static boolean enterCurrentThread() {
    return enterCurrentThread(priority());
  }

  /** Puts the calling thread in SCHED_RR at {@code priority} (1..99; 0 does nothing). */
  public static boolean enterCurrentThread(int priority) {
    if (priority <= 0) {
      return false;
    }
    try {
      LibC.INSTANCE.sched_setscheduler(0, SCHED_RR | SCHED_RESET_ON_FORK, new int[] {priority});
      log.debug("{}: SCHED_RR priority {}", Thread.currentThread().getName(), priority);
      return true;
    } catch (LastErrorException | UnsatisfiedLinkError | UnsupportedOperationException e) {
      log.info("{}: real-time scheduling not available ({}); running at normal priority",
          Thread.currentThread().getName(), e.getMessage());
      return false;
    }
  }

  /**
   * Puts the JVM's own stop-the-world threads ("VM Thread", which runs safepoint operations, and
   * the parallel "GC Thread#N" workers) in SCHED_RR at {@link #timerPriority()}. A real-time VRRP
   * thread is still stopped by every garbage-collection pause, and a pause whose workers wait for
   * a CPU behind other processes lasts hundreds of milliseconds (measured here: 213 ms for a 30 MB
   * young collection on a loaded 2-core machine), long enough for a backup to miss three adverts.
   * Concurrent GC and JIT threads stay as they are. Safe to call again: GC workers the JVM starts
   * later are picked up by the next call. Returns how many threads it promoted.
   */
  public static int promoteJvmPauseThreads() {
    int priority = timerPriority();
    if (priority == 0) {
      return 0;
    }
    int promoted = 0;
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return 0;
    }
    for (java.io.File task : tasks) {
      String comm;
      try {
        comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
      } catch (java.io.IOException | RuntimeException e) {
        continue; // the thread ended
      }
      if (!comm.equals("VM Thread") && !comm.startsWith("GC Thread#")) {
        continue;
      }
      try {
        int tid = Integer.parseInt(task.getName());
        LibC.INSTANCE.sched_setscheduler(tid, SCHED_RR | SCHED_RESET_ON_FORK, new int[] {priority});
        promoted++;
      } catch (LastErrorException | NumberFormatException | UnsatisfiedLinkError e) {
        log.debug("cannot make {} real-time: {}", comm, e.getMessage());
      }
    }
    return promoted;
  }

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    /** {@code param}: struct sched_param, whose only field is the int priority. */
    int sched_setscheduler(int pid, int policy, int[] param) throws LastErrorException;
  }
}
