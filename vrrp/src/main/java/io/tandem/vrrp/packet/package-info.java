/**
 * The VRRP advertisement on the wire: an immutable {@link io.tandem.vrrp.packet.VrrpAdvert} record
 * and the stateless {@link io.tandem.vrrp.packet.VrrpCodec} that encodes it and decodes it from the
 * VRRP payload of an IPv4/IPv6 packet. VRRPv2 (RFC 3768) over IPv4 and VRRPv3 (RFC 5798) over IPv4
 * and IPv6. Decoding checks only that a packet is well formed (RFC 3768 §7.1 / RFC 5798 §7.1: TTL
 * or hop limit, version, type, length, checksum, auth type); every rejection is a {@link
 * io.tandem.vrrp.packet.DropReason} the caller counts, never an exception. Whether the VRID,
 * password or interval are acceptable is the state machine's call ({@code io.tandem.vrrp.fsm}).
 *
 * <p>Core: pure functions over byte arrays and buffers, no sockets.
 */
package io.tandem.vrrp.packet;
