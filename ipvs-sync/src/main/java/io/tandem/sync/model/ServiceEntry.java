package io.tandem.sync.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One virtual service of a forwarding table with its real servers, keyed and sorted by address. */
public record ServiceEntry(ServiceSpec spec, Map<RealServerAddress, DestSpec> dests) {
  public ServiceEntry {
    Objects.requireNonNull(spec, "spec");
    TreeMap<RealServerAddress, DestSpec> copy = new TreeMap<>(dests); // linear when dests is sorted
    for (Map.Entry<RealServerAddress, DestSpec> e : copy.entrySet()) {
      if (!e.getKey().equals(e.getValue().address())) {
        throw new IllegalArgumentException("dest keyed under " + e.getKey() + " but addressed " + e.getValue().address());
      }
      if (e.getKey().family() != spec.key().family()) {
        throw new IllegalArgumentException(spec.key() + ": real server " + e.getKey() + " is of the other address family");
      }
    }
    dests = Collections.unmodifiableSortedMap(copy); // sorted: copies of it (withDest) are linear too
  }

  public static ServiceEntry of(ServiceSpec spec, Collection<DestSpec> dests) {
    TreeMap<RealServerAddress, DestSpec> map = new TreeMap<>();
    for (DestSpec d : dests) {
      if (map.put(d.address(), d) != null) {
        throw new IllegalArgumentException(spec.key() + ": real server " + d.address() + " listed twice");
      }
    }
    return new ServiceEntry(spec, map);
  }

  public ServiceKey key() {
    return spec.key();
  }

  public ServiceEntry withSpec(ServiceSpec newSpec) {
    return new ServiceEntry(newSpec, dests);
  }

  public ServiceEntry withDest(DestSpec dest) {
    TreeMap<RealServerAddress, DestSpec> map = new TreeMap<>(dests);
    map.put(dest.address(), dest);
    return new ServiceEntry(spec, map);
  }

  public ServiceEntry withoutDest(RealServerAddress address) {
    TreeMap<RealServerAddress, DestSpec> map = new TreeMap<>(dests);
    map.remove(address);
    return new ServiceEntry(spec, map);
  }
}
