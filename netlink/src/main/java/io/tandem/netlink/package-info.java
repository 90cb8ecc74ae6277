/**
 * Routing netlink from Java through plain JNA libc calls, no forked {@code ip}: links, addresses,
 * macvlans ({@link io.tandem.netlink.RtNetlink}), link and address events ({@link
 * io.tandem.netlink.LinkMonitor}) and network namespaces ({@link io.tandem.netlink.Namespaces}).
 * Edge. The message builder/parser ({@link io.tandem.netlink.NetlinkMessageBuilder}, {@link
 * io.tandem.netlink.NetlinkMessage}, {@link io.tandem.netlink.RtAttributes}, {@link
 * io.tandem.netlink.Rtnl}) is pure and unit-tested on byte arrays.
 */
package io.tandem.netlink;
