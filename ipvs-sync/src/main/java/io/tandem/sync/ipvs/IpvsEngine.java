package io.tandem.sync.ipvs;

import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.ServiceEntry;
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
 * IPVS through generic netlink: one request per operation, each acknowledged by the kernel, so a
 * refused operation is refused alone with the kernel's errno. The IPVS family id is resolved once
 * through nlctrl. IPVS is a shared table: services Tandem did not configure are left alone.
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
      Map<io.tandem.sync.model.ServiceKey, ServiceEntry> table = new TreeMap<>();
      for (IpvsCodec.Message m : socket.request(IpvsCodec.dumpServices(familyId, socket.nextSeq()))) {
        ServiceSpec spec = IpvsCodec.parseService(m);
        List<io.tandem.sync.model.DestSpec> dests = new ArrayList<>();
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

  /** Per-real-server live connection counts of one service (active, inactive), for status. */
  public List<IpvsCodec.ParsedDest> destStats(io.tandem.sync.model.ServiceKey service) throws IOException {
    List<IpvsCodec.ParsedDest> out = new ArrayList<>();
    for (IpvsCodec.Message d : socket.request(IpvsCodec.dumpDests(familyId, service, socket.nextSeq()))) {
      out.add(IpvsCodec.parseDest(d, service.family()));
    }
    return out;
  }

  @Override
  public ApplyResult apply(List<SyncOp> ops) {
    List<SyncOp> applied = new ArrayList<>();
    List<ApplyResult.Refusal> refused = new ArrayList<>();
    for (SyncOp op : ops) {
      int seq = socket.nextSeq();
      byte[] msg = switch (op) {
        case SyncOp.AddService a -> IpvsCodec.service(familyId, IpvsCodec.CMD_NEW_SERVICE, a.spec(), seq);
        case SyncOp.EditService e -> IpvsCodec.service(familyId, IpvsCodec.CMD_SET_SERVICE, e.spec(), seq);
        case SyncOp.DeleteService d -> IpvsCodec.deleteService(familyId, d.service(), seq);
        case SyncOp.AddDest a -> IpvsCodec.dest(familyId, IpvsCodec.CMD_NEW_DEST, a.service(), a.dest(), seq);
        case SyncOp.EditDest e -> IpvsCodec.dest(familyId, IpvsCodec.CMD_SET_DEST, e.service(), e.dest(), seq);
        case SyncOp.DeleteDest d -> IpvsCodec.dest(familyId, IpvsCodec.CMD_DEL_DEST, d.service(),
            new io.tandem.sync.model.DestSpec(d.address(), 0, io.tandem.sync.model.ForwardingMethod.NAT), seq);
      };
      try {
        socket.request(msg);
        applied.add(op);
      } catch (IOException e) {
        refused.add(new ApplyResult.Refusal(op, e.getMessage()));
      }
    }
    return new ApplyResult(applied, refused);
  }

  /** Starts the connection-sync daemon (keepalived's lvs_sync_daemon) on {@code interfaceName}. */
  public void startSyncDaemon(boolean master, String interfaceName, int syncId) throws IOException {
    socket.request(IpvsCodec.newDaemon(familyId, master, interfaceName, syncId, socket.nextSeq()));
  }

  public void stopSyncDaemon(boolean master) throws IOException {
    socket.request(IpvsCodec.delDaemon(familyId, master, socket.nextSeq()));
  }

  @Override
  public void close() {
    socket.close();
  }
}
