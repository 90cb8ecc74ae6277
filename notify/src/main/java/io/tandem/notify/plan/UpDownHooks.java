package io.tandem.notify.plan;

import java.util.Optional;

/**
 * Scripts of a real server (keepalived's notify_up / notify_down) or a virtual service
 * (quorum_up / quorum_down). keepalived runs them with their configured argv only
 * (check/ipwrapper.c do_rs_notifies() / do_vs_notifies() call notify_exec(script)).
 */
public record UpDownHooks(Optional<ScriptSpec> onUp, Optional<ScriptSpec> onDown) {
  public static final UpDownHooks NONE = new UpDownHooks(Optional.empty(), Optional.empty());

  public static UpDownHooks of(ScriptSpec up, ScriptSpec down) {
    return new UpDownHooks(Optional.ofNullable(up), Optional.ofNullable(down));
  }

  public Optional<ScriptSpec> forState(boolean up) {
    return up ? onUp : onDown;
  }
}
