package io.tandem.vrrp.fsm;

/** The timers of one instance; at most one of each kind is armed at a time. */
public enum TimerKind {
  /** RFC 5798 Adver_Timer: a master sends an advert when it fires. */
  ADVER(VrrpEvent.ADVER_TIMER),
  /** RFC 5798 Master_Down_Timer: a backup becomes master when it fires. */
  MASTER_DOWN(VrrpEvent.MASTER_DOWN_TIMER),
  /** Preempt delay: a backup that sees a lower-priority master takes over when it fires. */
  PREEMPT_DELAY(VrrpEvent.PREEMPT_DELAY_EXPIRED),
  /** Upper bound of the release phase after a graceful stop/resign. */
  RELEASE(VrrpEvent.RELEASE_TIMER);

  private final VrrpEvent firedEvent;

  TimerKind(VrrpEvent firedEvent) {
    this.firedEvent = firedEvent;
  }

  /** The event the instance feeds back into the machine when this timer fires. */
  public VrrpEvent firedEvent() {
    return firedEvent;
  }
}
