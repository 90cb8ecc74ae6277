package io.tandem.daemon.control;

import java.util.List;

/** The outcome of a reload: applied or not, the changes, and every config error when invalid. */
public record ReloadView(boolean applied, boolean dryRun, List<String> changes, List<String> errors) {}
