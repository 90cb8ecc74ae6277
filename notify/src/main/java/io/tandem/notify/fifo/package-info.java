/**
 * The notify FIFO writer (keepalived's {@code notify_fifo}): creates the FIFO if missing and writes
 * one line per event. Edge: file system.
 */
package io.tandem.notify.fifo;
