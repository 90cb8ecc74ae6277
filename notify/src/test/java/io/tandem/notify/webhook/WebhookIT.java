package io.tandem.notify.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tandem.notify.NotifyWiring;
import io.tandem.notify.dispatch.DeliveryResult;
import io.tandem.notify.dispatch.Notifier;
import io.tandem.notify.event.VrrpInstanceTransition;
import io.tandem.notify.event.VrrpState;
import io.tandem.notify.plan.DeliveryKind;
import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.RetryPolicy;
import io.tandem.notify.plan.WebhookConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A real HTTP receiver on loopback that is down when the first events are published. */
class WebhookIT {
  @Test
  void receiverStartedLateGetsEveryEventInOrderPerInstance() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port = freePortBelowEphemeralRange(loopback);

    URI url = URI.create("http://127.0.0.1:" + port + "/hook");
    RetryPolicy fastRetry = new RetryPolicy(200, Duration.ofMillis(20), Duration.ofMillis(200), 2.0, 0.2);
    NotifyConfig cfg = NotifyConfig.builder("lb1")
        .webhook(new WebhookConfig("chat", url, Map.of("Authorization", "Bearer t0ken"), Duration.ofSeconds(2)))
        .webhookRetry(fastRetry)
        .build();
    List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    List<String> auth = Collections.synchronizedList(new ArrayList<>());
    Notifier notifier = NotifyWiring.start(cfg);
    HttpServer server = null;
    try {
      List<String> expectedVi1 = new ArrayList<>();
      List<String> expectedVi2 = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String instance = i % 2 == 0 ? "VI_1" : "VI_2";
        VrrpState to = (i / 2) % 2 == 0 ? VrrpState.MASTER : VrrpState.BACKUP;
        VrrpState from = to == VrrpState.MASTER ? VrrpState.BACKUP : VrrpState.MASTER;
        notifier.publish(new VrrpInstanceTransition(instance, from, to, 100 + i));
        (i % 2 == 0 ? expectedVi1 : expectedVi2).add(to + "/" + (100 + i));
      }
      Thread.sleep(600); // receiver down: attempts are being refused and retried meanwhile
      assertEquals(0, notifier.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.OK));

      server = HttpServer.create(new InetSocketAddress(loopback, port), 0);
      server.createContext("/hook", exchange -> {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        auth.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
      });
      server.start();

      assertTrue(notifier.awaitIdle(Duration.ofSeconds(30)), "all webhooks delivered after the receiver came up");
      assertEquals(20, bodies.size());
      assertEquals(expectedVi1, statesOf(bodies, "VI_1"));
      assertEquals(expectedVi2, statesOf(bodies, "VI_2"));
      assertTrue(auth.stream().allMatch("Bearer t0ken"::equals));
      assertTrue(bodies.get(0).startsWith("{\"event\":\"vrrp_instance\",\"node\":\"lb1\",\"timestamp\":\""), bodies.get(0));
      assertEquals(20, notifier.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.OK));
      assertEquals(0, notifier.counters().deliveries(DeliveryKind.WEBHOOK, DeliveryResult.FAILED));
    } finally {
      notifier.close();
      if (server != null) {
        server.stop(0);
      }
    }
  }

  /**
   * A port that is free now and outside the kernel's ephemeral range: a refused connect to a port in
   * that range can pick the very same port as its source and connect to itself, taking the port.
   */
  private static int freePortBelowEphemeralRange(InetAddress loopback) throws java.io.IOException {
    java.util.Random random = new java.util.Random();
    for (int i = 0; i < 100; i++) {
      int port = 20_000 + random.nextInt(10_000);
      try (java.net.ServerSocket s = new java.net.ServerSocket(port, 1, loopback)) {
        return s.getLocalPort();
      } catch (java.net.BindException busy) {
        // try another
      }
    }
    throw new IllegalStateException("no free loopback port in 20000-29999");
  }

  /** "STATE/priority" of the bodies of one instance, in arrival order. */
  private static List<String> statesOf(List<String> bodies, String instance) {
    List<String> out = new ArrayList<>();
    for (String b : bodies) {
      if (b.contains("\"instance\":\"" + instance + "\"")) {
        out.add(field(b, "new_state") + "/" + field(b, "priority"));
      }
    }
    return out;
  }

  private static String field(String body, String name) {
    int i = body.indexOf("\"" + name + "\":") + name.length() + 3;
    if (body.charAt(i) == '"') {
      return body.substring(i + 1, body.indexOf('"', i + 1));
    }
    int j = i;
    while (Character.isDigit(body.charAt(j))) {
      j++;
    }
    return body.substring(i, j);
  }
}
