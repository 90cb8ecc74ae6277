/**
 * VRRP on the real wire, end to end: Tandem directors started from the built distribution in
 * network namespaces on a bridge, with keepalived 2.2.7 and FRR vrrpd 8.4 as peers, a probing
 * client and a hostile host. Interop (Tandem+Tandem, Tandem+keepalived, Tandem+FRR), three nodes
 * with tracked priorities, and bad frames alone and as floods. Each class shares one lab between
 * its tests; every wait is bounded and says what it waited for. Test support, not production code.
 */
package io.tandem.e2e.wire;
