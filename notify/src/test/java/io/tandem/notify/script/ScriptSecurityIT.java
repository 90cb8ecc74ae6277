package io.tandem.notify.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.notify.plan.NotifyConfig;
import io.tandem.notify.plan.ScriptSpec;
import io.tandem.notify.plan.ScriptUser;
import io.tandem.notify.plan.VrrpHooks;
import io.tandem.testkit.Requirements;
import io.tandem.testkit.Sh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Needs root: only then are the files the test creates root-owned, as a secure script must be. */
class ScriptSecurityIT {
  private ScriptDir dir;

  @BeforeEach
  void setUp() {
    Requirements.requireRoot();
    dir = new ScriptDir();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (dir != null) {
      dir.close();
    }
  }

  private String refusal(Path script) {
    return assertThrows(InsecureScriptException.class, () -> ScriptSecurity.check(script.toString(), true)).getMessage();
  }

  @Test
  void rootOwnedScriptInRootOwnedDirectoriesPasses() throws Exception {
    Path ok = dir.script("ok.sh", "exit 0");
    assertEquals(ok.toRealPath(), ScriptSecurity.check(ok.toString(), true));
    // /tmp is world-writable but sticky: others cannot replace root's entries in it.
    assertTrue((((Integer) Files.getAttribute(dir.dir.getParent(), "unix:mode")) & 01000) != 0, "temp parent is sticky");
  }

  @Test
  void worldWritableScriptIsRefused() throws Exception {
    Path bad = dir.script("bad.sh", "exit 0");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxrwxrwx"));
    String msg = refusal(bad);
    assertTrue(msg.contains("script " + bad) && msg.contains("world-writable"), msg);
  }

  @Test
  void scriptInAWorldWritableDirectoryIsRefused() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("open"));
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path script = sub.resolve("s.sh");
    Files.writeString(script, "#!/bin/sh\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    String msg = refusal(script);
    assertTrue(msg.contains("directory " + sub) && msg.contains("world-writable"), msg);
  }

  @Test
  void scriptWritableByANonRootGroupOrOwnedByAUserIsRefused() throws Exception {
    Path group = dir.script("group.sh", "exit 0");
    Sh.run("chgrp", "nogroup", group.toString());
    Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rwxrwxr-x"));
    assertTrue(refusal(group).contains("writable by group"));

    Path owned = dir.script("owned.sh", "exit 0");
    Sh.run("chown", "nobody", owned.toString());
    assertTrue(refusal(owned).contains("owned by uid"));
  }

  @Test
  void symlinkIsJudgedByItsTarget() throws Exception {
    Path target = dir.script("target.sh", "exit 0");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path link = Files.createSymbolicLink(dir.resolve("link.sh"), target);
    assertTrue(refusal(link).contains("world-writable"));
  }

  @Test
  void missingOrNonExecutableScriptIsRefusedEvenWhenNotRoot() throws Exception {
    Path missing = dir.resolve("missing.sh");
    String msg = assertThrows(InsecureScriptException.class,
        () -> ScriptSecurity.check(missing.toString(), false)).getMessage();
    assertTrue(msg.contains("does not exist"), msg);

    Path plain = dir.script("plain.sh", "exit 0");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    msg = assertThrows(InsecureScriptException.class, () -> ScriptSecurity.check(plain.toString(), false)).getMessage();
    assertTrue(msg.contains("not executable"), msg);
  }

  @Test
  void checkAllReportsEveryRefusedScriptOfAConfig() throws Exception {
    Path ok = dir.script("ok.sh", "exit 0");
    Path bad = dir.script("bad.sh", "exit 0");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxrwxrwx"));
    NotifyConfig cfg = NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE.withMaster(ScriptSpec.of(ok.toString())).withBackup(ScriptSpec.of(bad.toString()))
            .withGeneric(ScriptSpec.of(dir.resolve("gone.sh").toString())))
        .build();
    List<String> errors = ScriptSecurity.checkAll(cfg, true);
    assertEquals(2, errors.size(), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains("bad.sh")));
    assertTrue(errors.stream().anyMatch(e -> e.contains("gone.sh")));
  }

  @Test
  void checkAllRefusesUnknownOrUnswitchableScriptUsers() throws Exception {
    Path ok = dir.script("ok.sh", "exit 0");
    NotifyConfig cfg = NotifyConfig.builder("lb1")
        .instance("VI_1", VrrpHooks.NONE
            .withMaster(ScriptSpec.of(ok.toString()).withUser(ScriptUser.of("nobody")))
            .withBackup(ScriptSpec.of(ok.toString()).withUser(ScriptUser.of("nt-no-such-user"))))
        .build();
    assertEquals(List.of("script user nt-no-such-user does not exist"), ScriptSecurity.checkAll(cfg, true));
    // As a non-root daemon, switching to any other user is impossible: say so at config time.
    List<String> asUser = ScriptSecurity.checkAll(cfg, false);
    assertEquals(2, asUser.size(), asUser.toString());
    assertTrue(asUser.get(0).contains("cannot switch user"), asUser.get(0));
  }
}
