/**
 * End-to-end equivalence of {@code tandem import} (issue 10): the configuration it writes makes
 * Tandem behave as keepalived behaves with the original. {@code WireEquivalenceIT}: VRRP on a real
 * bridge in namespaces, a keepalived + keepalived reference pair beside a keepalived + Tandem pair,
 * compared by masters, VIPs and every advert on the wire. {@code ForwardingEquivalenceIT}: the IPVS
 * table keepalived's checker programs and the one Tandem programs, inside user-mode Linux. The
 * keepalived fixtures are under {@code src/test/resources/migrate/}. Test edge code (processes,
 * captures, a kernel); nothing here is used by production code.
 */
package io.tandem.e2e.migrate;
