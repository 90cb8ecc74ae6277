package io.tandem.sync.nft;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.Addresses;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.Protocol;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.VipServiceKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders forwarding-table changes as nft scripts and reads the table back from {@code nft list}.
 *
 * <p>Layout, per address family, in {@code table ip tandem} / {@code table ip6 tandem}: a verdict
 * map {@code services} (VIP . protocol . port : jump chain) and {@code marks} (fwmark : jump chain),
 * consulted from nat chains on the prerouting and output hooks; one chain per virtual service. A
 * service chain starts with no-op rules ({@code continue}) whose comments record the service and
 * each real server, weight-0 ones included, so the table can be read back exactly; then one DNAT
 * rule picks among the servers with weight above 0. Pure: no process is run here.
 */
public final class NftScript {
  public static final String TABLE = "tandem";
  /** Schedulers the DNAT maps can express; the others need connection state that nft lacks. */
  public static final Set<SchedulingMethod> SUPPORTED_SCHEDULERS =
      EnumSet.of(SchedulingMethod.RR, SchedulingMethod.WRR, SchedulingMethod.SH, SchedulingMethod.MH, SchedulingMethod.FO);
  /** Fixed jhash seed so that source hashing maps a client to the same slot across reloads. */
  static final String JHASH_SEED = "0x74616e64";

  private static final String SVC_TAG = "tandem-svc";
  private static final String DEST_TAG = "tandem-dest";
  private static final Pattern CHAIN_LINE = Pattern.compile("^\\s*chain (\\S+) \\{\\s*$");
  private static final Pattern COMMENT = Pattern.compile("comment \"(tandem-(?:svc|dest) [^\"]*)\"");

  private NftScript() {}

  public static String family(AddressFamily f) {
    return f == AddressFamily.INET ? "ip" : "ip6";
  }

  /** Chain name of a service: readable, unique per key within its family's table. */
  public static String chainName(ServiceKey key) {
    return switch (key) {
      case VipServiceKey v -> "s_" + v.protocol().lowerName() + "_" + v.vip().getHostAddress().replace('.', '_').replace(':', '_')
          + "_" + v.port();
      case FwmarkServiceKey m -> "m_" + Integer.toUnsignedString(m.mark());
    };
  }

  /**
   * Why this engine cannot carry {@code entry}, or empty if it can. Checked after every operation
   * so that exactly the operation that made a service unrepresentable is refused.
   */
  public static Optional<String> unsupported(ServiceEntry entry) {
    ServiceSpec spec = entry.spec();
    if (!SUPPORTED_SCHEDULERS.contains(spec.scheduler())) {
      return Optional.of("scheduler " + spec.scheduler().ipvsName()
          + " is not available in the nftables engine (it has rr, wrr, sh, mh, fo; use IPVS for the others)");
    }
    if (spec.persistence().enabled()) {
      return Optional.of("persistence is not available in the nftables engine (use scheduler sh, or IPVS)");
    }
    boolean anyPortZero = false;
    boolean anyPortSet = false;
    for (DestSpec d : entry.dests().values()) {
      if (d.method() != ForwardingMethod.NAT) {
        return Optional.of("real server " + d.address() + ": forwarding method " + d.method()
            + " is not available in the nftables engine (NAT only; use IPVS for DR and TUN)");
      }
      anyPortZero |= d.address().port() == 0;
      anyPortSet |= d.address().port() != 0;
    }
    if (anyPortZero && anyPortSet) {
      return Optional.of("real servers mix port 0 (keep the client's port) with explicit ports; nft needs one or the other");
    }
    return Optional.empty();
  }

  /**
   * The script that turns {@code before} into {@code after} for the services in {@code touched}:
   * chains of new services created, chains of changed ones flushed and refilled, deleted ones
   * removed. The caller sends it as one transaction.
   */
  public static String renderChanges(ForwardingTable before, ForwardingTable after, Collection<ServiceKey> touched) {
    StringBuilder out = new StringBuilder();
    EnumSet<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
    touched.forEach(k -> families.add(k.family()));
    for (AddressFamily f : families) {
      renderSkeleton(f, out);
    }
    for (ServiceKey key : touched) {
      ServiceEntry was = before.get(key);
      ServiceEntry now = after.get(key);
      String fam = family(key.family());
      String chain = chainName(key);
      if (now == null) {
        if (was != null) {
          out.append("delete element ").append(fam).append(' ').append(TABLE).append(' ').append(mapName(key))
              .append(" { ").append(mapKey(key)).append(" }\n");
          out.append("flush chain ").append(fam).append(' ').append(TABLE).append(' ').append(chain).append('\n');
          out.append("delete chain ").append(fam).append(' ').append(TABLE).append(' ').append(chain).append('\n');
        }
        continue;
      }
      out.append("add chain ").append(fam).append(' ').append(TABLE).append(' ').append(chain).append('\n');
      out.append("flush chain ").append(fam).append(' ').append(TABLE).append(' ').append(chain).append('\n');
      renderServiceRules(now, out);
      if (was == null) {
        out.append("add element ").append(fam).append(' ').append(TABLE).append(' ').append(mapName(key))
            .append(" { ").append(mapKey(key)).append(" : jump ").append(chain).append(" }\n");
      }
    }
    return out.toString();
  }

  /** Base objects of one family's table; idempotent, so every transaction may carry it. */
  static void renderSkeleton(AddressFamily f, StringBuilder out) {
    String fam = family(f);
    String addrType = f == AddressFamily.INET ? "ipv4_addr" : "ipv6_addr";
    out.append("add table ").append(fam).append(' ').append(TABLE).append('\n');
    out.append("add map ").append(fam).append(' ').append(TABLE)
        .append(" services { type ").append(addrType).append(" . inet_proto . inet_service : verdict ; }\n");
    out.append("add map ").append(fam).append(' ').append(TABLE).append(" marks { type mark : verdict ; }\n");
    for (String hook : List.of("prerouting", "output")) {
      out.append("add chain ").append(fam).append(' ').append(TABLE).append(' ').append(hook)
          .append(" { type nat hook ").append(hook).append(" priority -100 ; policy accept ; }\n");
      out.append("flush chain ").append(fam).append(' ').append(TABLE).append(' ').append(hook).append('\n');
      out.append("add rule ").append(fam).append(' ').append(TABLE).append(' ').append(hook).append(' ')
          .append(fam).append(" daddr . meta l4proto . th dport vmap @services\n");
      out.append("add rule ").append(fam).append(' ').append(TABLE).append(' ').append(hook)
          .append(" meta mark vmap @marks\n");
    }
  }

  static void renderServiceRules(ServiceEntry entry, StringBuilder out) {
    ServiceKey key = entry.key();
    String prefix = "add rule " + family(key.family()) + " " + TABLE + " " + chainName(key) + " ";
    out.append(prefix).append("continue comment \"").append(serviceComment(entry.spec())).append("\"\n");
    for (DestSpec d : entry.dests().values()) {
      out.append(prefix).append("continue comment \"").append(DEST_TAG).append(' ')
          .append(d.address().address().getHostAddress()).append(' ').append(d.address().port()).append(' ')
          .append(d.weight()).append(' ').append(d.method().name().toLowerCase(Locale.ROOT)).append("\"\n");
    }
    String dnat = dnatRule(entry);
    if (dnat != null) {
      out.append(prefix).append(dnat).append('\n');
    }
  }

  /** The DNAT rule choosing among servers with weight above 0, or null when there are none. */
  static String dnatRule(ServiceEntry entry) {
    List<DestSpec> active = entry.dests().values().stream().filter(d -> d.weight() > 0).toList();
    if (active.isEmpty()) {
      return null; // no server takes new connections: packets pass untranslated, as with an empty IPVS service
    }
    ServiceKey key = entry.key();
    String fam = family(key.family());
    boolean withPort = active.get(0).address().port() != 0;
    String l4match = switch (key) {
      case VipServiceKey v -> "meta l4proto " + v.protocol().lowerName() + " ";
      case FwmarkServiceKey m -> withPort ? "meta l4proto { tcp, udp, sctp } " : "";
    };
    String head = l4match + "counter dnat " + fam + " to ";
    SchedulingMethod sched = entry.spec().scheduler();
    if (sched == SchedulingMethod.FO) {
      DestSpec best = active.get(0);
      for (DestSpec d : active) {
        if (d.weight() > best.weight()) {
          best = d; // IPVS fo: the highest weight; ties keep table order
        }
      }
      return head + single(best.address(), withPort);
    }
    List<DestSpec> slots = sched == SchedulingMethod.RR
        ? active // rr ignores weights above 0
        : WeightedSlots.expand(active, WeightedSlots.MAX_SLOTS);
    if (slots.size() == 1) {
      return head + single(slots.get(0).address(), withPort);
    }
    String selector = switch (sched) {
      case SH, MH -> "jhash " + fam + " saddr mod " + slots.size() + " seed " + JHASH_SEED;
      default -> "numgen inc mod " + slots.size();
    };
    StringBuilder map = new StringBuilder(head).append(selector).append(" map { ");
    for (int i = 0; i < slots.size(); i++) {
      RealServerAddress a = slots.get(i).address();
      map.append(i == 0 ? "" : ", ").append(i).append(" : ").append(a.address().getHostAddress());
      if (withPort) {
        map.append(" . ").append(a.port());
      }
    }
    return map.append(" }").toString();
  }

  private static String single(RealServerAddress a, boolean withPort) {
    InetAddress ip = a.address();
    if (!withPort) {
      return ip.getHostAddress();
    }
    return (ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress()) + ":" + a.port();
  }

  static String serviceComment(ServiceSpec spec) {
    String id = switch (spec.key()) {
      case VipServiceKey v -> v.protocol().lowerName() + " " + v.vip().getHostAddress() + " " + v.port();
      case FwmarkServiceKey m -> "fwmark " + Integer.toUnsignedString(m.mark());
    };
    return SVC_TAG + " " + id + " " + spec.scheduler().ipvsName();
  }

  private static String mapName(ServiceKey key) {
    return key instanceof FwmarkServiceKey ? "marks" : "services";
  }

  private static String mapKey(ServiceKey key) {
    return switch (key) {
      case VipServiceKey v -> v.vip().getHostAddress() + " . " + v.protocol().lowerName() + " . " + v.port();
      case FwmarkServiceKey m -> Integer.toUnsignedString(m.mark());
    };
  }

  /**
   * Reads services back from the output of {@code nft list table <family> tandem}, using the
   * comments this class writes. Throws {@link IllegalArgumentException} on a listing it did not
   * write (e.g. a record comment outside a service chain).
   */
  public static List<ServiceEntry> parseListing(String listing, AddressFamily family) {
    Map<String, ServiceSpec> specs = new LinkedHashMap<>();
    Map<String, List<DestSpec>> dests = new LinkedHashMap<>();
    String chain = null;
    int lineNo = 0;
    for (String line : listing.split("\n")) {
      lineNo++;
      Matcher c = CHAIN_LINE.matcher(line);
      if (c.matches()) {
        chain = c.group(1);
        continue;
      }
      Matcher m = COMMENT.matcher(line);
      if (!m.find()) {
        continue;
      }
      if (chain == null) {
        throw new IllegalArgumentException("line " + lineNo + ": record comment outside a chain: " + line.trim());
      }
      String[] f = m.group(1).split(" ");
      try {
        if (f[0].equals(SVC_TAG)) {
          ServiceKey key;
          String sched;
          if (f[1].equals("fwmark")) {
            key = new FwmarkServiceKey(Integer.parseUnsignedInt(f[2]), family);
            sched = f[3];
          } else {
            key = new VipServiceKey(Addresses.parse(f[2]), Integer.parseInt(f[3]), Protocol.parse(f[1]));
            sched = f[4];
          }
          if (!chainName(key).equals(chain)) {
            throw new IllegalArgumentException("service " + key + " recorded in chain " + chain);
          }
          specs.put(chain, new ServiceSpec(key, SchedulingMethod.parse(sched), Persistence.NONE));
          dests.put(chain, new ArrayList<>());
        } else {
          if (!specs.containsKey(chain)) {
            throw new IllegalArgumentException("real server recorded before its service in chain " + chain);
          }
          dests.get(chain).add(new DestSpec(new RealServerAddress(Addresses.parse(f[1]), Integer.parseInt(f[2])),
              Integer.parseInt(f[3]), ForwardingMethod.parse(f[4])));
        }
      } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw new IllegalArgumentException("line " + lineNo + ": malformed record comment: " + m.group(1), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    List<ServiceEntry> entries = new ArrayList<>();
    for (Map.Entry<String, ServiceSpec> e : specs.entrySet()) {
      entries.add(ServiceEntry.of(e.getValue(), dests.get(e.getKey())));
    }
    return entries;
  }
}
