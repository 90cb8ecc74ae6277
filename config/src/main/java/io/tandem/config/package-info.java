/**
 * Turns HOCON files into the validated model of {@link io.tandem.config.model}: strict (unknown
 * keys are errors with a did-you-mean), complete (every error of every file in one pass, each
 * naming file, line and key path) and free of surprises (durations need units, addresses must be
 * literals). Core, apart from reading the files it is pointed at.
 */
package io.tandem.config;
