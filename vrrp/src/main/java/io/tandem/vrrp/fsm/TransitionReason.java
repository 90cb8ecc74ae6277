package io.tandem.vrrp.fsm;

/** Why a step did what it did; every step returns one, state change or not. */
public enum TransitionReason {
  // State changes
  STARTUP_AS_OWNER,
  STARTUP_AS_BACKUP,
  MASTER_DOWN_TIMER_EXPIRED,
  PREEMPT_DELAY_EXPIRED,
  HIGHER_PRIORITY_MASTER,
  EQUAL_PRIORITY_HIGHER_ADDRESS,
  SHUTDOWN,
  RESIGNED,
  INTERFACE_DOWN,
  INTERFACE_UP,
  TRACK_FAULT,
  TRACK_RECOVERED,
  SYNC_GROUP_FAULT,
  SYNC_GROUP_RECOVERED,
  SYNC_GROUP_MASTER,
  SYNC_GROUP_BACKUP,
  // Steps without a state change
  ADVERT_SENT,
  ADVERT_ACCEPTED,
  ADVERT_REJECTED,
  ADVERT_IGNORED_IN_FAULT,
  LOWER_PRIORITY_IGNORED,
  LOWER_PRIORITY_MASTER_REANNOUNCED,
  /** A lower master again within the same conflict: advert only, the burst already went out. */
  LOWER_PRIORITY_MASTER_ANSWERED,
  PRIORITY_ZERO_SEEN,
  PREEMPT_DELAY_STARTED,
  PREEMPT_NOT_NEEDED,
  PRIORITY_CHANGED,
  RELEASE_COMPLETE,
  SYNC_PEER_NOTED,
  /** The event does not belong in the current state; counted and logged by the instance. */
  UNEXPECTED_EVENT
}
