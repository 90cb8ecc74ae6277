package io.tandem.sync.ipvs;

import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.reconcile.ApplyResult;
import io.tandem.sync.reconcile.EngineException;
import io.tandem.sync.reconcile.ForwardingEngine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * IPVS through generic netlink: one request per operation, sent many to a datagram; the kernel
 * answers each failed request with its errno, so a refused operation is refused alone and the rest
 * apply. The IPVS family id is resolved once through nlctrl. IPVS is a shared table: services
 * Tandem did not configure are left alone.
 */
public final class IpvsEngine implements ForwardingEngine {
  private final NetlinkSocket socket;
  private final int familyId;

  /** Opens the socket and resolves the "IPVS" family; fails if the kernel has no IPVS. */
  public IpvsEngine(long receiveTimeoutMillis) throws IOException {
    this.socket = new NetlinkSocket(receiveTimeoutMillis);
    try {
      List<IpvsCodec.Message> r = socket.request(IpvsCodec.getFamily(IpvsCodec.IPVS_GENL_NAME, socket.nextSeq()));
      if (r.isEmpty()) {
        throw new IOException("nlctrl gave no answer for family IPVS");
      }
      this.familyId = IpvsCodec.familyId(r.get(0));
    } catch (NetlinkSocket.NetlinkErrorException e) {
      socket.close();
      throw new IOException("the kernel has no IPVS generic netlink family (is ip_vs loaded?): " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "ipvs";
  }

  @Override
  public boolean ownsWholeTable() {
    return false;
  }

  @Override
  public ForwardingTable observe() throws EngineException {
    try {
      Map<ServiceKey, ServiceEntry> table = new TreeMap<>();
      for (IpvsCodec.Message m : socket.request(IpvsCodec.dumpServices(familyId, socket.nextSeq()))) {
        ServiceSpec spec = IpvsCodec.parseService(m);
        List<DestSpec> dests = new ArrayList<>();
        for (IpvsCodec.Message d : socket.request(IpvsCodec.dumpDests(familyId, spec.key(), socket.nextSeq()))) {
          dests.add(IpvsCodec.parseDest(d, spec.key().family()).dest());
        }
        table.put(spec.key(), ServiceEntry.of(spec, dests));
      }
      return new ForwardingTable(table);
    } catch (IOException | IllegalArgumentException e) {
      throw new EngineException("reading IPVS failed: " + e.getMessage(), e);
    }
  }

  /**
   * Per-real-server figures of one service for metrics and status: live connection counts (active,
   * inactive, persistence templates) and traffic counters (connections, packets, bytes).
   */
  public List<IpvsCodec.ParsedDest> destStats(ServiceKey service) throws IOException {
    List<IpvsCodec.ParsedDest> out = new ArrayList<>();
    for (IpvsCodec.Message d : socket.request(IpvsCodec.dumpDests(familyId, service, socket.nextSeq()))) {
      out.add(IpvsCodec.parseDest(d, service.family()));
    }
    return out;
  }

  /**
   * Applies {@code ops} in order, batched: many requests per netlink datagram (see
   * {@link NetlinkSocket#requestBatch}). Each request still succeeds or fails on its own, so a
   * refused operation is refused alone with the kernel's reason and the others apply.
   */
  @Override
  public ApplyResult apply(List<SyncOp> ops) {
    List<byte[]> messages = new ArrayList<>(ops.size());
    for (SyncOp op : ops) {
      messages.add(encode(op, socket.nextSeq()));
    }
    List<NetlinkSocket.Outcome> outcomes = socket.requestBatch(messages);
    List<SyncOp> applied = new ArrayList<>(ops.size());
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      NetlinkSocket.Outcome o = outcomes.get(i);
      if (o.done()) {
        applied.add(ops.get(i));
      } else {
        refused.add(new ApplyResult.Refusal(ops.get(i), o.reason()));
      }
    }
    return new ApplyResult(applied, refused);
  }

  private byte[] encode(SyncOp op, int seq) {
    return switch (op) {
      case SyncOp.AddService a -> IpvsCodec.service(familyId, IpvsCodec.CMD_NEW_SERVICE, a.spec(), seq);
      case SyncOp.EditService e -> IpvsCodec.service(familyId, IpvsCodec.CMD_SET_SERVICE, e.spec(), seq);
      case SyncOp.DeleteService d -> IpvsCodec.deleteService(familyId, d.service(), seq);
      case SyncOp.AddDest a -> IpvsCodec.dest(familyId, IpvsCodec.CMD_NEW_DEST, a.service(), a.dest(), seq);
      case SyncOp.EditDest e -> IpvsCodec.dest(familyId, IpvsCodec.CMD_SET_DEST, e.service(), e.dest(), seq);
      case SyncOp.DeleteDest d -> IpvsCodec.dest(familyId, IpvsCodec.CMD_DEL_DEST, d.service(),
          new DestSpec(d.address(), 0, ForwardingMethod.NAT), seq);
    };
  }

  /**
   * Starts the connection-sync daemon (keepalived's lvs_sync_daemon) on {@code interfaceName}: a
   * master sends the connection table, a backup receives it. Both may run at once.
   */
  public void startSyncDaemon(boolean master, String interfaceName, int syncId) throws IOException {
    socket.request(IpvsCodec.newDaemon(familyId, master, interfaceName, syncId, socket.nextSeq()));
  }

  public void stopSyncDaemon(boolean master) throws IOException {
    socket.request(IpvsCodec.delDaemon(familyId, master, socket.nextSeq()));
  }

  /** The sync daemons running now (none, a master, a backup, or both). */
  public List<IpvsCodec.SyncDaemon> syncDaemons() throws IOException {
    List<IpvsCodec.SyncDaemon> out = new ArrayList<>();
    for (IpvsCodec.Message m : socket.request(IpvsCodec.dumpDaemons(familyId, socket.nextSeq()))) {
      out.add(IpvsCodec.parseDaemon(m));
    }
    return out;
  }

  @Override
  public void close() {
    socket.close();
  }
}
