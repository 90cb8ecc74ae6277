/**
 * The forwarding-table model: virtual services, real servers, the operations that change a table,
 * and the configuration and health inputs the desired table is computed from. Immutable records
 * only; core (no I/O, no clock).
 */
package io.tandem.sync.model;
