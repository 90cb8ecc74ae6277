/**
 * Test support (edge): running code inside user-mode Linux, the real kernel with IPVS that this
 * host lacks. {@link io.tandem.testkit.UserModeLinux} (testkit) boots it bounded and contained;
 * {@link io.tandem.sync.uml.UmlJUnitRun} (host) and {@link io.tandem.sync.uml.InsideUml} (inside)
 * run JUnit classes there and bring each result back as a test of its own.
 */
package io.tandem.sync.uml;
