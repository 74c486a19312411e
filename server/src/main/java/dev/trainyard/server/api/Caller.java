package dev.trainyard.server.api;

import dev.trainyard.common.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/** Who is calling: the owner whose datasets and jobs a request sees. Immutable. */
public record Caller(String owner) {
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public Caller {
    Objects.requireNonNull(owner, "owner");
    if (!OWNER.matcher(owner).matches()) {
      throw new InvalidInputException("user name must be 1 to 64 of A-Z, a-z, 0-9, '.', '_' or '-', was '"
          + printable(owner) + "'");
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }

  /** True when this caller owns {@code resourceOwner}'s things. */
  public boolean owns(String resourceOwner) {
    return owner.equals(resourceOwner);
  }
}
