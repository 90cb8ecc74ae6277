package io.tandem.notify.plan;

import io.tandem.notify.event.RealServerId;
import io.tandem.notify.event.VirtualServiceId;

/** A real server within its virtual service: the key of its hooks. */
public record RealServerKey(VirtualServiceId virtualService, RealServerId realServer) {}
