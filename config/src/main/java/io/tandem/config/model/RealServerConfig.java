package io.tandem.config.model;

import java.util.List;

/** One real server of a virtual service, with the check that decides its health. */
public record RealServerConfig(
    HostPort address, Origin origin, int weight, CheckConfig check, List<String> notifyUp, List<String> notifyDown) {
  public RealServerConfig {
    notifyUp = List.copyOf(notifyUp);
    notifyDown = List.copyOf(notifyDown);
  }
}
