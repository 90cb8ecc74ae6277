package io.tandem.notify.plan;

import io.tandem.notify.event.RealServerChange;
import io.tandem.notify.event.SyncGroupTransition;
import io.tandem.notify.event.VirtualServiceQuorumChange;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpPriorityChange;
import java.util.ArrayList;
import java.util.List;

/**
 * keepalived 2.2.7's notify conventions, so existing scripts and FIFO readers work unchanged.
 * Each rule cites the keepalived source it reproduces.
 */
public final class KeepalivedFormat {
  private KeepalivedFormat() {}

  /**
   * argv of the generic {@code notify} script of an instance: the configured argv followed by
   * {@code INSTANCE <name> <STATE> <priority>}. vrrp/vrrp_notify.c notify_script_exec() appends the
   * four words to script->args; the name is a bare argv element (no quotes, no shell) and the
   * priority is {@code %d} of the effective priority.
   */
  public static List<String> genericScriptArgv(List<String> configured, VrrpInstanceTransition t) {
    return appended(configured, "INSTANCE", t.instance(), t.to().keepalivedName(), Integer.toString(t.priority()));
  }

  /**
   * argv of a sync group's generic script: {@code GROUP <name> <STATE> 0}. send_group_notifies()
   * passes a priority of 0 for groups ("Note that the prio will be indicated as zero for a group").
   */
  public static List<String> genericScriptArgv(List<String> configured, SyncGroupTransition t) {
    return appended(configured, "GROUP", t.group(), t.to().keepalivedName(), "0");
  }

  /**
   * FIFO line of an instance: {@code INSTANCE "<name>" <STATE> <priority>\n}
   * (vrrp/vrrp_notify.c notify_fifo(): {@code "%s \"%s\" %s %d\n"}).
   */
  public static String fifoLine(VrrpInstanceTransition t) {
    return "INSTANCE \"" + t.instance() + "\" " + t.to().keepalivedName() + " " + t.priority() + "\n";
  }

  /**
   * FIFO line of a priority change: {@code INSTANCE "<name>" MASTER_PRIORITY|BACKUP_PRIORITY <priority>\n}
   * (vrrp/vrrp_notify.c send_instance_priority_notifies() through notify_fifo()).
   */
  public static String fifoLine(VrrpPriorityChange c) {
    return "INSTANCE \"" + c.instance() + "\" " + c.keepalivedEventName() + " " + c.priority() + "\n";
  }

  /** FIFO line of a sync group: {@code GROUP "<name>" <STATE> 0\n} (notify_group_fifo() passes 0). */
  public static String fifoLine(SyncGroupTransition t) {
    return "GROUP \"" + t.group() + "\" " + t.to().keepalivedName() + " 0\n";
  }

  /**
   * FIFO line of a real server: {@code RS <rs> <vs> UP|DOWN\n} (check/ipwrapper.c notify_fifo_rs():
   * {@code "RS %s %s %s\n"} with FMT_RS, FMT_VS).
   */
  public static String fifoLine(RealServerChange c) {
    return "RS " + c.realServer().keepalivedFormat(c.virtualService().protocol()) + " "
        + c.virtualService().keepalivedFormat() + " " + c.newStateName() + "\n";
  }

  /** FIFO line of a virtual service: {@code VS <vs> UP|DOWN\n} (check/ipwrapper.c notify_fifo_vs()). */
  public static String fifoLine(VirtualServiceQuorumChange c) {
    return "VS " + c.virtualService().keepalivedFormat() + " " + c.newStateName() + "\n";
  }

  private static List<String> appended(List<String> configured, String... extra) {
    List<String> argv = new ArrayList<>(configured.size() + extra.length);
    argv.addAll(configured);
    argv.addAll(List.of(extra));
    return List.copyOf(argv);
  }
}
