package dev.trainyard.server.api;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.server.auth.Role;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who is calling: an authenticated user name and role. The access rules live here so every route
 * applies the same ones: an admin sees and changes everything; a researcher sees their own things
 * and what is shared with them, and changes only their own; a viewer sees only what is shared with
 * them and changes nothing. Immutable.
 */
public record Caller(String owner, Role role) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public Caller {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(role, "role");
    checkName(owner);
  }

  /** Throws InvalidInputException unless {@code name} is a valid user name. */
  public static String checkName(String name) {
    if (name == null || !OWNER.matcher(name).matches()) {
      throw new InvalidInputException("user name must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' or '-', was '"
          + printable(String.valueOf(name)) + "'");
    }
    return name;
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** True when this caller is the user {@code resourceOwner}. */
  public boolean owns(String resourceOwner) {
    return owner.equals(resourceOwner);
  }

  /** May read a resource of {@code resourceOwner} that is (or is not) shared with this caller. */
  public boolean canSee(String resourceOwner, boolean sharedWithCaller) {
    return isAdmin() || sharedWithCaller || (role == Role.RESEARCHER && owns(resourceOwner));
  }

  /** May change or delete a resource of {@code resourceOwner} (given that it can see it). */
  public boolean canChange(String resourceOwner) {
    return isAdmin() || (role == Role.RESEARCHER && owns(resourceOwner));
  }

  /** May upload datasets and submit jobs. */
  public boolean canCreate() {
    return role != Role.VIEWER;
  }
}
