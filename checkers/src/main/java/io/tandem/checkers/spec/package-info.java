/**
 * What to check: immutable, value-comparable records for each probe type ({@link
 * io.tandem.checkers.spec.ProbeSpec}), the timing and decision knobs ({@link
 * io.tandem.checkers.spec.CheckTiming}) and one consumer's view of a check ({@link
 * io.tandem.checkers.spec.CheckSpec}). Core: pure data, validated in the constructors, so two equal
 * specs are the same check and run once.
 */
package io.tandem.checkers.spec;
