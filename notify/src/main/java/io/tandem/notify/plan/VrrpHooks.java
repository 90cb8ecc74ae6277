package io.tandem.notify.plan;

import io.tandem.notify.event.VrrpState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Hooks of one VRRP instance or sync group: keepalived's notify_master / notify_backup /
 * notify_fault / notify_stop (run with their configured argv only) and the generic notify script
 * (run with four arguments appended, see {@link KeepalivedFormat#genericScriptArgv}); plus a FIFO
 * and webhooks for this instance only, in addition to the config-wide ones.
 */
public record VrrpHooks(
    Optional<ScriptSpec> onMaster,
    Optional<ScriptSpec> onBackup,
    Optional<ScriptSpec> onFault,
    Optional<ScriptSpec> onStop,
    Optional<ScriptSpec> generic,
    Optional<Path> fifo,
    List<WebhookConfig> webhooks) {

  public static final VrrpHooks NONE = new VrrpHooks(Optional.empty(), Optional.empty(), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), List.of());

  public VrrpHooks {
    webhooks = List.copyOf(webhooks);
  }

  /** Scripts only. */
  public VrrpHooks(Optional<ScriptSpec> onMaster, Optional<ScriptSpec> onBackup, Optional<ScriptSpec> onFault,
      Optional<ScriptSpec> onStop, Optional<ScriptSpec> generic) {
    this(onMaster, onBackup, onFault, onStop, generic, Optional.empty(), List.of());
  }

  /** The per-state script for {@code state}, as keepalived's get_iscript()/get_gscript() choose it. */
  public Optional<ScriptSpec> forState(VrrpState state) {
    return switch (state) {
      case MASTER -> onMaster;
      case BACKUP -> onBackup;
      case FAULT -> onFault;
      case STOP -> onStop;
      case INIT -> Optional.empty();
    };
  }

  public VrrpHooks withMaster(ScriptSpec s) {
    return new VrrpHooks(Optional.of(s), onBackup, onFault, onStop, generic, fifo, webhooks);
  }

  public VrrpHooks withBackup(ScriptSpec s) {
    return new VrrpHooks(onMaster, Optional.of(s), onFault, onStop, generic, fifo, webhooks);
  }

  public VrrpHooks withFault(ScriptSpec s) {
    return new VrrpHooks(onMaster, onBackup, Optional.of(s), onStop, generic, fifo, webhooks);
  }

  public VrrpHooks withStop(ScriptSpec s) {
    return new VrrpHooks(onMaster, onBackup, onFault, Optional.of(s), generic, fifo, webhooks);
  }

  public VrrpHooks withGeneric(ScriptSpec s) {
    return new VrrpHooks(onMaster, onBackup, onFault, onStop, Optional.of(s), fifo, webhooks);
  }

  public VrrpHooks withFifo(Path path) {
    return new VrrpHooks(onMaster, onBackup, onFault, onStop, generic, Optional.of(path), webhooks);
  }

  public VrrpHooks withWebhook(WebhookConfig hook) {
    List<WebhookConfig> all = new java.util.ArrayList<>(webhooks);
    all.add(hook);
    return new VrrpHooks(onMaster, onBackup, onFault, onStop, generic, fifo, all);
  }
}
