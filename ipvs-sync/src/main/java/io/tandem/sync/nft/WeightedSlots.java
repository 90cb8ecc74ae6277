package io.tandem.sync.nft;

import io.tandem.sync.model.DestSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Weighted choice for hash and counter maps: the real servers repeated in proportion to their
 * weights, interleaved (smooth weighted round robin, as nginx and IPVS's wrr spread picks) so that
 * consecutive counter values do not hit one server in bursts.
 */
public final class WeightedSlots {
  /** Upper bound on map entries per service; larger weight sums are scaled down to this. */
  public static final int MAX_SLOTS = 256;

  private WeightedSlots() {}

  /** Slots for the servers with weight above 0; empty when there are none. */
  public static List<DestSpec> expand(List<DestSpec> dests, int maxSlots) {
    List<DestSpec> active = dests.stream().filter(d -> d.weight() > 0).toList();
    if (active.isEmpty()) {
      return List.of();
    }
    int gcd = 0;
    long sum = 0;
    for (DestSpec d : active) {
      gcd = gcd(gcd, d.weight());
    }
    int[] weights = new int[active.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = active.get(i).weight() / gcd;
      sum += weights[i];
    }
    if (sum > maxSlots) {
      // Too many entries: scale, keeping every server at least one slot. Proportions become approximate.
      long scaledSum = 0;
      for (int i = 0; i < weights.length; i++) {
        weights[i] = (int) Math.max(1, Math.round((double) weights[i] * maxSlots / sum));
        scaledSum += weights[i];
      }
      sum = scaledSum;
    }
    List<DestSpec> slots = new ArrayList<>((int) sum);
    long[] current = new long[weights.length];
    for (long n = 0; n < sum; n++) {
      int best = 0;
      for (int i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (current[i] > current[best]) {
          best = i;
        }
      }
      current[best] -= sum;
      slots.add(active.get(best));
    }
    return slots;
  }

  private static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
