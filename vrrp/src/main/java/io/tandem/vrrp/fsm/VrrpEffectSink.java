package io.tandem.vrrp.fsm;

/**
 * Carries out the effects of an instance (the Linux edge implements it: raw socket, netlink VIPs,
 * GARP/NA, notify scripts, metrics). Called on the instance's scheduler thread, in step order;
 * must not block for long. Timer effects never reach it.
 */
@FunctionalInterface
public interface VrrpEffectSink {
  void execute(InstanceSpec instance, Effect effect);
}
