/**
 * The IPVS forwarding engine over generic netlink (family "IPVS", resolved through nlctrl), with
 * no ipvsadm at run time. {@link io.tandem.sync.ipvs.IpvsCodec} builds and parses the messages
 * (pure core, layouts from include/uapi/linux/ip_vs.h); {@link io.tandem.sync.ipvs.NetlinkSocket}
 * (JNA) and {@link io.tandem.sync.ipvs.IpvsEngine} are the edge.
 */
package io.tandem.sync.ipvs;
