package io.tandem.sync.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generic netlink plumbing against this host's real kernel: family resolution through nlctrl,
 * and the error an operator sees when the kernel has no IPVS (the usual case on this host).
 */
class NetlinkSocketIT {
  @Test
  void nlctrlResolvesItsOwnFamily() throws Exception {
    try (NetlinkSocket s = new NetlinkSocket(2000)) {
      List<IpvsCodec.Message> reply = s.request(IpvsCodec.getFamily("nlctrl", s.nextSeq()));
      assertEquals(1, reply.size());
      assertEquals(0x10, IpvsCodec.familyId(reply.get(0)), "GENL_ID_CTRL");
    }
  }

  @Test
  void unknownFamilyIsAClearKernelError() throws Exception {
    try (NetlinkSocket s = new NetlinkSocket(2000)) {
      NetlinkSocket.NetlinkErrorException e = assertThrows(NetlinkSocket.NetlinkErrorException.class,
          () -> s.request(IpvsCodec.getFamily("tandemnofamily", s.nextSeq())));
      assertEquals(2, e.errno(), "ENOENT");
    }
  }

  @Test
  void batchedRequestsGetOneOutcomeEachAcrossDatagrams() throws Exception {
    try (NetlinkSocket s = new NetlinkSocket(2000)) {
      // Requests that fail (unknown family: ENOENT) among ones that succeed (nlctrl answers with
      // data, which a batch ignores), more of them than fit one datagram.
      int n = NetlinkSocket.MAX_BATCH_MESSAGES * 2 + 44;
      List<byte[]> requests = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        requests.add(IpvsCodec.getFamily(i % 3 == 0 ? "nlctrl" : "tnofamily" + i, s.nextSeq()));
      }
      List<NetlinkSocket.Outcome> outcomes = s.requestBatch(requests);
      assertEquals(n, outcomes.size());
      for (int i = 0; i < n; i++) {
        NetlinkSocket.Outcome o = outcomes.get(i);
        if (i % 3 == 0) {
          assertTrue(o.done(), i + ": " + o);
        } else {
          assertFalse(o.done(), i + ": " + o);
          assertTrue(o.reason().startsWith("kernel refused: no such entry (errno 2)"), o.reason());
        }
      }
      // The socket is clean afterwards: a plain request gets its own answer.
      assertEquals(0x10, IpvsCodec.familyId(s.request(IpvsCodec.getFamily("nlctrl", s.nextSeq())).get(0)));
    }
  }

  @Test
  void ipvsEngineOpensOnlyWhereTheKernelHasIpvs() throws Exception {
    if (Files.exists(Path.of("/proc/net/ip_vs"))) {
      try (IpvsEngine engine = new IpvsEngine(2000)) {
        engine.observe(); // readable; contents are the host's business
      }
      return;
    }
    IOException e = assertThrows(IOException.class, () -> new IpvsEngine(2000));
    assertTrue(e.getMessage().startsWith("the kernel has no IPVS generic netlink family (is ip_vs loaded?)"), e.getMessage());
  }
}
