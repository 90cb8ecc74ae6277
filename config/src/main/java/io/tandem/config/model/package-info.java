/**
 * The validated, immutable configuration model. Everything outside the config module sees only
 * these records, never raw HOCON. Core: no I/O.
 */
package io.tandem.config.model;
