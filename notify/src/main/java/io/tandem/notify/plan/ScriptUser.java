package io.tandem.notify.plan;

import java.util.Optional;

/**
 * The account a script runs as. When the daemon runs as root it drops to this user before exec;
 * without a group the user's primary group is used.
 */
public record ScriptUser(String user, Optional<String> group) {
  public ScriptUser {
    if (user == null || user.isBlank() || user.startsWith("-") || user.contains(":")) {
      throw new IllegalArgumentException("script user must be a user name or uid, got '" + user + "'");
    }
    group = group == null ? Optional.empty() : group;
    group.ifPresent(g -> {
      if (g.isBlank() || g.startsWith("-") || g.contains(":")) {
        throw new IllegalArgumentException("script group must be a group name or gid, got '" + g + "'");
      }
    });
  }

  public static ScriptUser of(String user) {
    return new ScriptUser(user, Optional.empty());
  }
}
