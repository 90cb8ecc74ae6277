package io.tandem.e2e.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.e2e.support.DirectorLab;
import io.tandem.e2e.support.DirectorLab.Timeline;
import io.tandem.e2e.support.TandemNode;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * One virtual router shared by a Tandem director ("tn", 192.0.2.1 / 2001:db8::1) and another
 * implementation ("peer", 192.0.2.2 / 2001:db8::2) on one bridge, each serving HTTP with its own
 * name, and a client (192.0.2.100) probing the IPv4 and the IPv6 VIP every 5 ms. The Tandem daemon
 * lives for the whole test class and is reconfigured by {@code tandem reload}; the peer is started
 * per scenario.
 */
final class MixedPairLab implements AutoCloseable {
  static final String VIP4 = DirectorLab.VIP;
  static final String VIP6 = DirectorLab.V6_PREFIX + "10";
  static final Duration BOUND = Duration.ofSeconds(25);
  private static final int PORT = 8080;

  /** The other implementation, as far as the scenario needs it. */
  interface Peer extends AutoCloseable {
    /** MASTER, BACKUP, FAULT, INIT or "" (normalised from the peer's own words). */
    String state();

    String log();

    @Override
    void close();
  }

  final DirectorLab lab;
  final String tandemNs;
  final String peerNs;
  final String clientNs;
  final String peerName;
  final TandemNode tandem;
  private final Timeline client4;
  private final Timeline client6;

  MixedPairLab(String peerName, String initialTandemConfig) {
    this.peerName = peerName;
    lab = new DirectorLab("vw");
    try {
      tandemNs = lab.hostDualStack("tn", 1);
      peerNs = lab.hostDualStack("peer", 2);
      clientNs = lab.hostDualStack("cl", 100);
      lab.nameServer(tandemNs, PORT, "tandem");
      lab.nameServer(peerNs, PORT, peerName);
      tandem = TandemNode.start(lab.netns(), tandemNs, "tn", lab.tempDir("tn"), "", initialTandemConfig);
      client4 = lab.client(clientNs, VIP4, PORT, 5, 100);
      client6 = lab.client(clientNs, VIP6, PORT, 5, 100);
    } catch (RuntimeException | Error e) {
      lab.close();
      throw e;
    }
  }

  /** Reconfigures the Tandem side (its instance restarts as a backup). */
  void tandemConfig(String body) {
    tandem.reload("tn.conf", body);
  }

  /**
   * The interop scenario: the expected master wins the election, alone holds the VIP and serves
   * the client; its bridge port is cut and the other side takes over; it comes back and preempts.
   * {@code peerHoldsVip} says whether "holding the VIP" is visible as an address on the peer (FRR
   * keeps it configured on its macvlan and toggles protodown instead).
   */
  void failoverBothWays(Peer peer, boolean tandemMaster, boolean ipv6, boolean peerHoldsVip) {
    String master = tandemMaster ? "tandem" : peerName;
    String backup = tandemMaster ? peerName : "tandem";
    String vip = ipv6 ? VIP6 : VIP4;
    Timeline client = ipv6 ? client6 : client4;
    Supplier<String> why = () -> diagnosis(peer, client);

    Wait.until(master + " MASTER, " + backup + " BACKUP, client on " + master, BOUND,
        () -> stateOf(master, peer).equals("MASTER") && stateOf(backup, peer).equals("BACKUP") && on(client, master), why);
    assertVip(master, peerHoldsVip, vip, true);
    assertVip(backup, peerHoldsVip, vip, false);

    int mark = client.mark();
    lab.plug(tandemMaster ? "tn" : "peer", false);
    Wait.until(backup + " takes over after the master's port is cut", BOUND,
        () -> stateOf(backup, peer).equals("MASTER") && on(client, backup), why);
    System.out.println("[" + peerName + "] cut " + master + ": " + ClientLog.of(client.since(mark)));

    mark = client.mark();
    lab.plug(tandemMaster ? "tn" : "peer", true);
    Wait.until(master + " returns and preempts", BOUND,
        () -> stateOf(master, peer).equals("MASTER") && stateOf(backup, peer).equals("BACKUP") && on(client, master), why);
    assertVip(backup, peerHoldsVip, vip, false);
    System.out.println("[" + peerName + "] " + master + " back: " + ClientLog.of(client.since(mark)));
  }

  private void assertVip(String who, boolean peerHoldsVip, String vip, boolean expected) {
    if (who.equals("tandem")) {
      assertTrue(lab.hasAddress(tandemNs, vip) == expected, "VIP " + vip + " on tandem: expected " + expected);
    } else if (peerHoldsVip) {
      assertTrue(lab.hasAddress(peerNs, vip) == expected, "VIP " + vip + " on " + peerName + ": expected " + expected);
    }
  }

  String stateOf(String who, Peer peer) {
    if (who.equals("tandem")) {
      return tandem.status().instances().get(0).state();
    }
    return peer.state();
  }

  private static boolean on(Timeline client, String who) {
    return ClientLog.lastAnsweredBy(client.since(0), who, 5);
  }

  String diagnosis(Peer peer, Timeline client) {
    StringBuilder b = new StringBuilder("--- tandem: ");
    try {
      b.append(tandem.status().instances());
    } catch (RuntimeException e) {
      b.append("(status unavailable: ").append(e.getMessage()).append(')');
    }
    b.append('\n').append(TandemPairIT.tail(tandem.logText(), 20));
    b.append("\n--- ").append(peerName).append(" (state ").append(peer.state()).append("):\n")
        .append(TandemPairIT.tail(peer.log(), 25));
    List<String> lines = client.since(0);
    b.append("\n--- client (last 5): ").append(lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    return b.toString();
  }

  @Override
  public void close() {
    for (Timeline t : new Timeline[] {client4, client6}) {
      if (t != null) {
        t.stop();
      }
    }
    if (tandem != null) {
      tandem.close();
    }
    lab.close();
  }
}
