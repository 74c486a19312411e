package dev.trainyard.server.auth;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a user may do: {@code admin} manages users and sees everything, {@code researcher} owns
 * datasets, jobs and models and reads what is shared with them, {@code viewer} only reads what is
 * shared with them.
 */
public enum Role {
  ADMIN, RESEARCHER, VIEWER;

  /** The lower-case name used in JSON, the store and the CLI. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code admin|researcher|viewer}; InvalidInputException naming the choices otherwise. */
  public static Role fromId(String s) {
    for (Role r : values()) {
      if (r.id().equals(s == null ? "" : s.strip().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new InvalidInputException("role must be one of " + Arrays.stream(values()).map(Role::id)
        .collect(Collectors.joining(", ")) + ", was '" + s + "'");
  }
}
