/**
 * VRRP's Linux edges: packet I/O over pcap ({@link io.tandem.vrrp.net.VrrpPacketIo}), unicast
 * sending over a raw IP socket ({@link io.tandem.vrrp.net.UnicastVrrpSender}), gratuitous ARP /
 * unsolicited NA announcements ({@link io.tandem.vrrp.net.GratuitousSender}) and VMAC interfaces
 * ({@link io.tandem.vrrp.net.Vmac}). The framing ({@link io.tandem.vrrp.net.VrrpFrames}, {@link
 * io.tandem.vrrp.net.GratuitousFrames}, {@link io.tandem.vrrp.net.Checksums}) is pure and
 * unit-tested byte-exact against keepalived captures; the VRRP message itself is opaque bytes here.
 */
package io.tandem.vrrp.net;
