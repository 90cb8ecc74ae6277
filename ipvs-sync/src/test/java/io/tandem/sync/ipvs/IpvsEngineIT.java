package io.tandem.sync.ipvs;

import io.tandem.sync.uml.UmlJUnitRun;
import io.tandem.testkit.UserModeLinux;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPVS for real: this host's kernel has none, so one user-mode Linux boot runs the kernel checks
 * ({@link IpvsEngineKernelChecks}: every protocol, scheduler, persistence, forwarding method,
 * adoption, refusals, sync daemon, counters; {@link IpvsNatTrafficKernelChecks}: client traffic in
 * NAT mode) and each of their tests becomes one test here. Without user-mode Linux the whole
 * factory is skipped locally and fails under CI ({@code -Dtandem.require.all=true}).
 */
class IpvsEngineIT {
  /** The checks take about a minute inside; this bounds a hung kernel. */
  private static final Duration UML_TIME_LIMIT = Duration.ofMinutes(6);

  @TempDir
  Path tmp;

  @TestFactory
  Stream<DynamicTest> ipvsKernelChecksInsideUserModeLinux() throws Exception {
    UserModeLinux.requirePrerequisites();
    return UmlJUnitRun.run(tmp, List.of(IpvsEngineKernelChecks.class, IpvsNatTrafficKernelChecks.class), UML_TIME_LIMIT);
  }
}
