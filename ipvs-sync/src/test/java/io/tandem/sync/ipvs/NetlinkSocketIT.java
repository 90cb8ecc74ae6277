package io.tandem.sync.ipvs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
