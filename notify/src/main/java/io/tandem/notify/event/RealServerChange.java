package io.tandem.notify.event;

import java.util.Objects;

/** A real server of a virtual service went up (passed its checks) or down. */
public record RealServerChange(VirtualServiceId virtualService, RealServerId realServer, boolean up)
    implements NotifyEvent {
  public RealServerChange {
    Objects.requireNonNull(virtualService, "virtualService");
    Objects.requireNonNull(realServer, "realServer");
  }

  @Override
  public EventKind kind() {
    return EventKind.REAL_SERVER;
  }

  @Override
  public String orderingKey() {
    return "rs:" + realServer.keepalivedFormat(virtualService.protocol()) + "@" + virtualService.keepalivedFormat();
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
    return "real server " + realServer.keepalivedFormat(virtualService.protocol()) + " of "
        + virtualService.keepalivedFormat() + " " + newStateName();
  }
}
