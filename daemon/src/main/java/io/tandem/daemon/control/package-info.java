/**
 * The control API: JSON over a local Unix socket that only root (or the daemon's own user) may
 * use, one request per connection, answered by a {@link io.tandem.daemon.control.ControlHandler}
 * the daemon implements. The view records here are the API's stable shape, shared by the server,
 * the CLI client and {@code tandem status --json}. Edge (sockets) around a plain protocol.
 */
package io.tandem.daemon.control;
