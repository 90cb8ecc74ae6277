package io.tandem.vrrp.fsm;

import io.tandem.common.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A keepalived-style {@code vrrp_sync_group}: its instances move together. When one changes state
 * or gains/loses a fault of its own, the others get a {@link VrrpEvent.SyncPeerChanged} (an own
 * fault puts all in FAULT; MASTER pulls backups up; MASTER → BACKUP pulls the other masters down). Delivery goes through the scheduler, never
 * inline, so one instance's step never runs inside another's.
 *
 * <p>Priorities of the members should agree across nodes (the same node highest for every VRID):
 * otherwise preemption of one member and the group's pull on the others fight, as in keepalived.
 */
public final class SyncGroup {
  private final String name;
  private final Scheduler scheduler;
  private final List<VrrpInstance> members = new ArrayList<>();

  public SyncGroup(String name, Scheduler scheduler) {
    this.name = Objects.requireNonNull(name, "name");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  public String name() {
    return name;
  }

  public List<VrrpInstance> members() {
    return List.copyOf(members);
  }

  /** Adds an instance (before it starts). Its spec must name this group. */
  public void add(VrrpInstance instance) {
    if (!name.equals(instance.spec().syncGroup())) {
      throw new IllegalArgumentException("instance '" + instance.spec().name() + "' is not in sync group '" + name + "'");
    }
    members.add(instance);
    instance.addStepListener(this::memberStepped);
  }

  /**
   * Removes an instance (stopped for good, crashed, or dropped by a reload). The others are told it
   * left, so a fault it had no longer holds them down.
   */
  public void remove(VrrpInstance instance) {
    if (!members.remove(instance)) {
      return;
    }
    VrrpEvent gone = new VrrpEvent.SyncPeerChanged(instance.spec().name(), instance.state(), VrrpState.INITIALIZE, false);
    for (VrrpInstance other : members) {
      scheduler.execute(() -> other.handle(gone));
    }
  }

  private void memberStepped(VrrpInstance mover, VrrpSnapshot before, VrrpMachine.Step step) {
    if (!members.contains(mover)) {
      return;
    }
    VrrpMachine m = mover.machine();
    // A stopped member's fault does not hold the others down.
    boolean ownFault = m.ownFault(step.next()) && step.next().state() != VrrpState.INITIALIZE;
    boolean ownFaultBefore = m.ownFault(before) && before.state() != VrrpState.INITIALIZE;
    if (!step.stateChanged() && ownFault == ownFaultBefore) {
      return;
    }
    VrrpState to = step.next().state();
    VrrpEvent event = new VrrpEvent.SyncPeerChanged(mover.spec().name(), step.from(), to, ownFault);
    for (VrrpInstance other : members) {
      if (other != mover) {
        scheduler.execute(() -> {
          // Deliver only news that is still true: two members changing at once would otherwise
          // swap MASTER and BACKUP through crossing notifications forever. A mover that changed
          // again has queued a newer notification.
          boolean current = members.contains(mover) && mover.state() == to
              && (m.ownFault(mover.snapshot()) && to != VrrpState.INITIALIZE) == ownFault;
          if (current && members.contains(other)) {
            other.handle(event);
          }
        });
      }
    }
  }
}
