/**
 * The user-space forwarding engine, for hosts without IPVS or root (the demo, developers'
 * laptops): a Netty TCP and UDP proxy listening on each VIP:port that picks a real server per new
 * connection (per new client flow for UDP) and splices bytes both ways. {@link
 * io.tandem.sync.proxy.BackendSet} (the scheduling choice) is pure core; {@link
 * io.tandem.sync.proxy.ProxyEngine} and its handlers are the edge.
 */
package io.tandem.sync.proxy;
