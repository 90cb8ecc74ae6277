package io.tandem.notify.event;

import java.util.Objects;

/** A virtual service gained ({@code up}) or lost quorum: the live real servers' weight crossed its threshold. */
public record VirtualServiceQuorumChange(VirtualServiceId virtualService, boolean up) implements NotifyEvent {
  public VirtualServiceQuorumChange {
    Objects.requireNonNull(virtualService, "virtualService");
  }

  @Override
  public EventKind kind() {
    return EventKind.VIRTUAL_SERVICE;
  }

  @Override
  public String orderingKey() {
    return "vs:" + virtualService.keepalivedFormat();
  }

  @Override
  public String newStateName() {
    return up ? "UP" : "DOWN";
  }

  @Override
  public String oldStateName() {
    return up ? "DOWN" : "UP";
  }

  @Override
  public String summary() {
    return "virtual service " + virtualService.keepalivedFormat() + " quorum " + newStateName();
  }
}
