package io.tandem.sync.nft;

import static io.tandem.sync.reconcile.Tables.nat;
import static io.tandem.sync.reconcile.Tables.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.DestSpec;
import io.tandem.sync.model.ForwardingMethod;
import io.tandem.sync.model.ForwardingTable;
import io.tandem.sync.model.FwmarkServiceKey;
import io.tandem.sync.model.Persistence;
import io.tandem.sync.model.RealServerAddress;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceEntry;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NftScriptTest {
  private static final ServiceKey WEB = tcp("192.0.2.10", 80);

  private static ServiceEntry entry(ServiceKey key, SchedulingMethod s, DestSpec... dests) {
    return ServiceEntry.of(ServiceSpec.of(key, s), List.of(dests));
  }

  @Test
  void weightedRoundRobinInterleavesRepeatedEntries() {
    assertEquals("meta l4proto tcp counter dnat ip to numgen inc mod 4 map { 0 : 198.51.100.1 . 80, "
            + "1 : 198.51.100.1 . 80, 2 : 198.51.100.2 . 80, 3 : 198.51.100.1 . 80 }",
        NftScript.dnatRule(entry(WEB, SchedulingMethod.WRR, nat("198.51.100.1", 80, 30), nat("198.51.100.2", 80, 10),
            nat("198.51.100.3", 80, 0))));
  }

  @Test
  void roundRobinIgnoresWeightsAboveZeroAndSourceHashUsesJhash() {
    assertEquals("meta l4proto tcp counter dnat ip to numgen inc mod 2 map { 0 : 198.51.100.1 . 80, 1 : 198.51.100.2 . 80 }",
        NftScript.dnatRule(entry(WEB, SchedulingMethod.RR, nat("198.51.100.1", 80, 30), nat("198.51.100.2", 80, 10))));
    assertEquals("meta l4proto tcp counter dnat ip to jhash ip saddr mod 2 seed 0x74616e64 map { 0 : 198.51.100.1 . 80, "
            + "1 : 198.51.100.2 . 80 }",
        NftScript.dnatRule(entry(WEB, SchedulingMethod.SH, nat("198.51.100.1", 80, 1), nat("198.51.100.2", 80, 1))));
  }

  @Test
  void failoverPicksTheHeaviestAndIpv6UsesBrackets() {
    ServiceKey v6 = tcp("2001:db8::10", 443);
    assertEquals("meta l4proto tcp counter dnat ip6 to [2001:db8:0:0:0:0:0:2]:443",
        NftScript.dnatRule(entry(v6, SchedulingMethod.FO, nat("2001:db8::1", 443, 1), nat("2001:db8::2", 443, 5))));
  }

  @Test
  void noServerTakingNewConnectionsMeansNoDnatRule() {
    assertNull(NftScript.dnatRule(entry(WEB, SchedulingMethod.WRR, nat("198.51.100.1", 80, 0))));
  }

  @Test
  void unsupportedServicesAreNamedWithTheReason() {
    assertEquals(Optional.of("scheduler wlc is not available in the nftables engine (it has rr, wrr, sh, mh, fo; use IPVS for the others)"),
        NftScript.unsupported(entry(WEB, SchedulingMethod.WLC)));
    assertTrue(NftScript.unsupported(ServiceEntry.of(new ServiceSpec(WEB, SchedulingMethod.RR, Persistence.of(300, 32)), List.of()))
        .orElseThrow().startsWith("persistence"));
    assertTrue(NftScript.unsupported(entry(WEB, SchedulingMethod.RR,
        new DestSpec(RealServerAddress.of("198.51.100.1", 80), 1, ForwardingMethod.DIRECT_ROUTE))).orElseThrow()
        .contains("DIRECT_ROUTE"));
    assertTrue(NftScript.unsupported(entry(WEB, SchedulingMethod.RR, nat("198.51.100.1", 0, 1), nat("198.51.100.2", 80, 1)))
        .orElseThrow().contains("mix port 0"));
  }

  @Test
  void changeScriptTouchesOnlyTheChangedServiceChain() {
    ServiceKey other = tcp("192.0.2.11", 80);
    ForwardingTable before = ForwardingTable.of(List.of(entry(WEB, SchedulingMethod.RR, nat("198.51.100.1", 80, 1)),
        entry(other, SchedulingMethod.RR, nat("198.51.100.1", 80, 1))));
    ForwardingTable after = ForwardingTable.of(List.of(entry(WEB, SchedulingMethod.RR, nat("198.51.100.1", 80, 1),
        nat("198.51.100.2", 80, 1)), entry(other, SchedulingMethod.RR, nat("198.51.100.1", 80, 1))));
    String script = NftScript.renderChanges(before, after, List.of(WEB));
    assertTrue(script.contains("flush chain ip tandem s_tcp_192_0_2_10_80\n"), script);
    assertTrue(!script.contains("s_tcp_192_0_2_11_80"), script);
    assertTrue(!script.contains("add element"), "existing service keeps its map element: " + script);
  }

  @Test
  void listingIsReadBackFromTheRecordComments() {
    String listing = """
        table ip tandem {
        	chain s_tcp_192_0_2_10_80 {
        		continue comment "tandem-svc tcp 192.0.2.10 80 wrr"
        		continue comment "tandem-dest 198.51.100.1 80 3 nat"
        		continue comment "tandem-dest 198.51.100.2 80 0 nat"
        		meta l4proto tcp counter packets 0 bytes 0 dnat ip to 198.51.100.1:80
        	}
        	chain m_7 {
        		continue comment "tandem-svc fwmark 7 sh"
        	}
        }
        """;
    assertEquals(List.of(
            entry(WEB, SchedulingMethod.WRR, nat("198.51.100.1", 80, 3), nat("198.51.100.2", 80, 0)),
            entry(new FwmarkServiceKey(7, AddressFamily.INET), SchedulingMethod.SH)),
        NftScript.parseListing(listing, AddressFamily.INET));
  }

  @Test
  void listingNotWrittenByTandemIsRejectedClearly() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NftScript.parseListing("""
        table ip tandem {
        	chain s_tcp_192_0_2_10_80 {
        		continue comment "tandem-dest 198.51.100.1 80 3 nat"
        	}
        }
        """, AddressFamily.INET));
    assertEquals("line 3: real server recorded before its service in chain s_tcp_192_0_2_10_80", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> NftScript.parseListing("""
        	chain s_tcp_192_0_2_10_80 {
        		continue comment "tandem-svc tcp 192.0.2.10 eighty wrr"
        """, AddressFamily.INET));
  }

  @Test
  void slotsAreScaledDownWhenWeightsSumTooHigh() {
    List<DestSpec> slots = WeightedSlots.expand(List.of(nat("198.51.100.1", 80, 65535), nat("198.51.100.2", 80, 1)), 256);
    assertEquals(257, slots.size(), "256 for the heavy one, at least 1 for the light one");
    assertEquals(1, slots.stream().filter(d -> d.address().equals(RealServerAddress.of("198.51.100.2", 80))).count());
  }
}
