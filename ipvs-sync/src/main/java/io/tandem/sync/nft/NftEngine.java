package io.tandem.sync.nft;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.sync.reconcile.EngineException;
import io.tandem.sync.reconcile.ForwardingEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwarding in nftables (NAT mode), in tables Tandem owns. A batch of operations becomes one
 * atomic {@code nft -f -} transaction touching only the chains of the services it changes. An
 * operation the nftables data path cannot express (scheduler, persistence, DR/TUN) is refused with
 * the reason before anything is sent; if nft rejects the transaction, the services are retried one
 * transaction each, so one bad service cannot hold back the others.
 */
public final class NftEngine implements ForwardingEngine {
  private static final Logger log = LoggerFactory.getLogger(NftEngine.class);

  private final NftRunner nft;
  private ForwardingTable known; // what this engine last wrote or read; null: read before applying

  public NftEngine(NftRunner nft) {
    this.nft = nft;
  }

  @Override
  public String name() {
    return "nftables";
  }

  /** The tandem tables are Tandem's alone. */
  @Override
  public boolean ownsWholeTable() {
    return true;
  }

  @Override
  public ForwardingTable observe() throws EngineException {
    List<ServiceEntry> entries = new ArrayList<>();
    for (AddressFamily f : AddressFamily.values()) {
      String listing;
      try {
        listing = nft.listTable(f);
      } catch (NftRunner.NftException e) {
        throw new EngineException(e.getMessage(), e);
      }
      try {
        entries.addAll(NftScript.parseListing(listing, f));
      } catch (IllegalArgumentException e) {
        throw new EngineException("table " + NftScript.family(f) + " " + NftScript.TABLE + " was not written by Tandem: "
            + e.getMessage(), e);
      }
    }
    known = ForwardingTable.of(entries);
    return known;
  }

  @Override
  public ApplyResult apply(List<SyncOp> ops) {
    if (known == null) {
      try {
        observe();
      } catch (EngineException e) {
        return ApplyResult.allRefused(ops, "cannot read the nftables table: " + e.getMessage());
      }
    }
    ForwardingTable before = known;
    // Check each operation in order against the service as it would stand; refuse exactly the
    // operations that would leave a service the data path cannot express.
    Map<ServiceKey, ServiceEntry> after = new TreeMap<>(before.services());
    Map<ServiceKey, List<SyncOp>> acceptedByService = new LinkedHashMap<>();
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (SyncOp op : ops) {
      ForwardingTable one = new ForwardingTable(after.containsKey(op.service())
          ? Map.of(op.service(), after.get(op.service())) : Map.of());
      ServiceEntry candidate;
      try {
        candidate = one.apply(op).get(op.service());
      } catch (IllegalStateException e) {
        refused.add(new ApplyResult.Refusal(op, e.getMessage()));
        continue;
      }
      Optional<String> problem = candidate == null ? Optional.empty() : NftScript.unsupported(candidate);
      if (problem.isPresent()) {
        refused.add(new ApplyResult.Refusal(op, problem.get()));
        continue;
      }
      if (candidate == null) {
        after.remove(op.service());
      } else {
        after.put(op.service(), candidate);
      }
      acceptedByService.computeIfAbsent(op.service(), k -> new ArrayList<>()).add(op);
    }
    if (acceptedByService.isEmpty()) {
      return new ApplyResult(List.of(), refused);
    }
    ForwardingTable target = new ForwardingTable(after);
    try {
      nft.runTransaction(NftScript.renderChanges(before, target, acceptedByService.keySet()));
      known = target;
      return new ApplyResult(flatten(ops, acceptedByService), refused);
    } catch (NftRunner.NftException e) {
      log.warn("nft rejected a transaction of {} service(s), retrying them one by one: {}",
          acceptedByService.size(), e.getMessage());
    }
    return applyServiceByService(ops, before, target, acceptedByService, refused);
  }

  private ApplyResult applyServiceByService(List<SyncOp> ops, ForwardingTable before, ForwardingTable target,
      Map<ServiceKey, List<SyncOp>> acceptedByService, List<ApplyResult.Refusal> refused) {
    Map<ServiceKey, ServiceEntry> current = new HashMap<>(before.services());
    Map<ServiceKey, List<SyncOp>> done = new LinkedHashMap<>();
    for (Map.Entry<ServiceKey, List<SyncOp>> e : acceptedByService.entrySet()) {
      ServiceKey key = e.getKey();
      Map<ServiceKey, ServiceEntry> next = new HashMap<>(current);
      ServiceEntry wanted = target.get(key);
      if (wanted == null) {
        next.remove(key);
      } else {
        next.put(key, wanted);
      }
      ForwardingTable from = new ForwardingTable(current);
      ForwardingTable to = new ForwardingTable(next);
      try {
        nft.runTransaction(NftScript.renderChanges(from, to, List.of(key)));
        current = next;
        done.put(key, e.getValue());
      } catch (NftRunner.NftException ex) {
        for (SyncOp op : e.getValue()) {
          refused.add(new ApplyResult.Refusal(op, ex.getMessage()));
        }
      }
    }
    known = new ForwardingTable(current);
    return new ApplyResult(flatten(ops, done), refused);
  }

  /** The accepted operations in their original order. */
  private static List<SyncOp> flatten(List<SyncOp> ops, Map<ServiceKey, List<SyncOp>> accepted) {
    Set<SyncOp> keep = new LinkedHashSet<>();
    accepted.values().forEach(keep::addAll);
    List<SyncOp> out = new ArrayList<>();
    for (SyncOp op : ops) {
      if (keep.contains(op)) {
        out.add(op);
      }
    }
    return out;
  }
}
