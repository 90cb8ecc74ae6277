/**
 * The nftables forwarding engine: each batch of operations becomes one atomic {@code nft -f -}
 * transaction in tables Tandem owns ({@code ip tandem}, {@code ip6 tandem}), NAT mode via DNAT with
 * numgen (rr, wrr) and jhash (sh, mh) maps. {@link io.tandem.sync.nft.NftScript} (rendering and
 * parsing the listing) and {@link io.tandem.sync.nft.WeightedSlots} are pure core; {@link
 * io.tandem.sync.nft.NftEngine} and {@link io.tandem.sync.nft.ProcessNftRunner} are the edge.
 */
package io.tandem.sync.nft;
