package io.tandem.daemon;

import io.tandem.config.model.RealServerConfig;
import io.tandem.config.model.SyncGroupConfig;
import io.tandem.config.model.TandemConfig;
import io.tandem.config.model.VirtualServerConfig;
import io.tandem.config.model.VrrpInstanceConfig;
import io.tandem.config.model.VrrpInstanceConfig.VrrpNotify;
import io.tandem.notify.event.RealServerId;
import io.tandem.notify.event.ServiceProtocol;
import io.tandem.notify.event.VirtualServiceId;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.RealServerKey;
import io.tandem.notify.plan.ScriptSpec;
import io.tandem.notify.plan.ScriptUser;
import io.tandem.notify.plan.UpDownHooks;
import io.tandem.notify.plan.VrrpHooks;
import io.tandem.notify.plan.WebhookConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Maps the config's notify settings onto the notify module's plan, and states onto its names. Pure. */
final class NotifyPlans {
  private NotifyPlans() {}

  static NotifyConfig of(TandemConfig config) {
    NotifyConfig.Builder b = NotifyConfig.builder(config.global().nodeId());
    config.global().scriptUser().ifPresent(u -> b.defaultScriptUser(ScriptUser.of(u)));
    for (VrrpInstanceConfig i : config.vrrpInstances().values()) {
      b.instance(i.name(), hooks(i.notifications()));
    }
    for (SyncGroupConfig g : config.syncGroups().values()) {
      b.group(g.name(), hooks(g.notifications()));
    }
    for (VirtualServerConfig vs : config.virtualServers().values()) {
      VirtualServiceId id = serviceId(vs);
      var q = vs.quorum();
      if (!q.upCommand().isEmpty() || !q.downCommand().isEmpty()) {
        b.virtualService(id, new UpDownHooks(script(q.upCommand(), Optional.empty()), script(q.downCommand(), Optional.empty())));
      }
      for (RealServerConfig rs : vs.realServers()) {
        if (!rs.notifyUp().isEmpty() || !rs.notifyDown().isEmpty()) {
          b.realServer(new RealServerKey(id, serverId(rs)),
              new UpDownHooks(script(rs.notifyUp(), Optional.empty()), script(rs.notifyDown(), Optional.empty())));
        }
      }
    }
    return b.build();
  }

  static VirtualServiceId serviceId(VirtualServerConfig vs) {
    ServiceProtocol protocol = ServiceProtocol.valueOf(vs.protocol().name());
    return vs.vip().isPresent()
        ? VirtualServiceId.ofAddress(vs.vip().get().address(), protocol, vs.vip().get().port())
        : VirtualServiceId.ofFwmark(vs.fwmark().orElse(0), protocol);
  }

  static RealServerId serverId(RealServerConfig rs) {
    return new RealServerId(rs.address().address(), rs.address().port());
  }

  static VrrpState state(io.tandem.vrrp.fsm.VrrpState s) {
    return switch (s) {
      case INITIALIZE -> VrrpState.INIT;
      case BACKUP -> VrrpState.BACKUP;
      case MASTER -> VrrpState.MASTER;
      case FAULT -> VrrpState.FAULT;
    };
  }

  private static VrrpHooks hooks(VrrpNotify n) {
    Optional<java.time.Duration> timeout = Optional.of(n.timeout());
    List<WebhookConfig> webhooks = n.webhooks().stream()
        .map(url -> WebhookConfig.of(URI.create(url).getHost() + URI.create(url).getPath(), URI.create(url)))
        .toList();
    return new VrrpHooks(script(n.master(), timeout), script(n.backup(), timeout), script(n.fault(), timeout),
        script(n.stop(), timeout), script(n.any(), timeout), n.fifo().map(Path::of), webhooks);
  }

  private static Optional<ScriptSpec> script(List<String> argv, Optional<java.time.Duration> timeout) {
    return argv.isEmpty() ? Optional.empty() : Optional.of(new ScriptSpec(argv, Optional.empty(), timeout));
  }
}
