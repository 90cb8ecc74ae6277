/**
 * The {@code tandem} command line: argument parsing and output for operators. Each subcommand is
 * a thin shell over the modules it calls; user errors print one clear message, never a stack trace.
 * Edge.
 */
package io.tandem.daemon.cli;
