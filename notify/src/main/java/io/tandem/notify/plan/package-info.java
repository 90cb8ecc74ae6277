/**
 * From an event and the configured hooks to the list of deliveries it causes: script argv and
 * environment, FIFO line, webhook JSON body. Core: pure functions over immutable records, no I/O,
 * no clock (the caller passes the timestamp). keepalived's notify conventions are reproduced here
 * byte for byte, with the keepalived source file cited next to each rule.
 */
package io.tandem.notify.plan;
