package io.tandem.vrrp.net;

/**
 * Receives VRRP frames from {@link VrrpPacketIo}, on its capture thread: hand the frame to the
 * VRRP core's scheduler and return. A listener that throws is counted ({@link
 * DropReason#LISTENER_FAILED}) and logged; capture goes on.
 */
@FunctionalInterface
public interface VrrpFrameListener {
  void received(VrrpFrame frame);
}
