/**
 * Interop with a real keepalived 2.2.7 in network namespaces: its packets, captured with tcpdump,
 * must decode, re-encode byte-exact and drive the state machine as the RFC says. Test only.
 */
package io.tandem.vrrp.interop;
