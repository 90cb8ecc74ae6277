package io.tandem.sync.nft;

import static io.tandem.sync.reconcile.Tables.nat;
import static io.tandem.sync.reconcile.Tables.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.sync.model.AddressFamily;
import io.tandem.sync.model.SchedulingMethod;
import io.tandem.sync.model.ServiceKey;
import io.tandem.sync.model.ServiceSpec;
import io.tandem.sync.model.SyncOp;
import io.tandem.sync.reconcile.ApplyResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NftEngineTest {
  private static final ServiceKey A = tcp("192.0.2.10", 80);
  private static final ServiceKey B = tcp("192.0.2.11", 80);

  /** Records transactions; fails any transaction mentioning {@code poison}. */
  private static final class FakeNft implements NftRunner {
    final List<String> transactions = new ArrayList<>();
    String poison = "\u0000";

    @Override
    public void runTransaction(String script) throws NftException {
      transactions.add(script);
      if (script.contains(poison)) {
        throw new NftException("Error: Could not process rule: No such file or directory (scripted)");
      }
    }

    @Override
    public String listTable(AddressFamily family) {
      return "";
    }
  }

  private static List<SyncOp> addBoth() {
    return List.of(new SyncOp.AddService(ServiceSpec.of(A, SchedulingMethod.RR)), new SyncOp.AddDest(A, nat("198.51.100.1", 80, 1)),
        new SyncOp.AddService(ServiceSpec.of(B, SchedulingMethod.RR)), new SyncOp.AddDest(B, nat("198.51.100.2", 80, 1)));
  }

  @Test
  void oneBatchIsOneTransaction() {
    FakeNft nft = new FakeNft();
    ApplyResult r = new NftEngine(nft).apply(addBoth());
    assertEquals(addBoth(), r.applied());
    assertEquals(1, nft.transactions.size());
  }

  @Test
  void rejectedTransactionIsRetriedPerServiceAndOnlyTheBadServiceIsRefused() throws Exception {
    FakeNft nft = new FakeNft();
    nft.poison = "198.51.100.2";
    NftEngine engine = new NftEngine(nft);
    ApplyResult r = engine.apply(addBoth());
    assertEquals(addBoth().subList(0, 2), r.applied());
    assertEquals(2, r.refused().size());
    assertTrue(r.refused().get(0).reason().contains("scripted"), r.refused().toString());
    assertEquals(3, nft.transactions.size(), "the batch, then one per service");
    assertTrue(nft.transactions.get(1).contains("s_tcp_192_0_2_10_80") && !nft.transactions.get(1).contains("192_0_2_11"));
    // The engine remembers only what nft accepted: the next batch for B starts from "B absent".
    nft.poison = "\u0000";
    ApplyResult again = engine.apply(addBoth().subList(2, 4));
    assertEquals(addBoth().subList(2, 4), again.applied());
  }

  @Test
  void unsupportedOperationIsRefusedBeforeAnythingIsSent() {
    FakeNft nft = new FakeNft();
    NftEngine engine = new NftEngine(nft);
    List<SyncOp> ops = List.of(new SyncOp.AddService(ServiceSpec.of(A, SchedulingMethod.RR)),
        new SyncOp.AddDest(A, new io.tandem.sync.model.DestSpec(io.tandem.sync.model.RealServerAddress.of("198.51.100.1", 80), 1,
            io.tandem.sync.model.ForwardingMethod.TUNNEL)),
        new SyncOp.AddDest(A, nat("198.51.100.2", 80, 1)));
    ApplyResult r = engine.apply(ops);
    assertEquals(List.of(ops.get(0), ops.get(2)), r.applied());
    assertEquals(1, r.refused().size());
    assertTrue(r.refused().get(0).reason().contains("TUNNEL"));
    assertTrue(!nft.transactions.get(0).contains("198.51.100.1"), "the refused server is not rendered");
  }
}
