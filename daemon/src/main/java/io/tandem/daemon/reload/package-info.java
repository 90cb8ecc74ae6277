/**
 * What a reload changes: the pure difference between the running and the new configuration, used
 * both to apply only that difference and to print it for {@code tandem reload --dry-run}. Core.
 */
package io.tandem.daemon.reload;
