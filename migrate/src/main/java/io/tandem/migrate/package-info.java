/**
 * {@code tandem import}: reads a keepalived configuration the way keepalived 2.2 does (includes,
 * definitions, conditionals, sequences, brace placement) and converts it into a Tandem
 * configuration plus a report of everything that could not be carried over.
 *
 * <p>Core: pure functions from file contents to an {@link io.tandem.migrate.ImportResult}. The only
 * file-system access is reading the input (and its includes), and the check of the converted
 * output with {@link io.tandem.config.ConfigLoader} in a private temporary directory;
 * {@link io.tandem.migrate.ImportWriter} is the small edge that writes the result.
 */
package io.tandem.migrate;
