package io.tandem.notify.plan;

/** The sinks a delivery can go to; also the metrics' first label. */
public enum DeliveryKind { SCRIPT, FIFO, WEBHOOK }
