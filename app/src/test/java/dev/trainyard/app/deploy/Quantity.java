package dev.trainyard.app.deploy;

import java.math.BigDecimal;
import java.util.Map;

/** Kubernetes resource quantities ({@code 512Mi}, {@code 2Gi}, {@code 1G}, {@code 500m}) as numbers. */
final class Quantity {
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("k", BigDecimal.valueOf(1_000L)), Map.entry("M", BigDecimal.valueOf(1_000_000L)),
      Map.entry("G", BigDecimal.valueOf(1_000_000_000L)), Map.entry("T", BigDecimal.valueOf(1_000_000_000_000L)),
      Map.entry("m", new BigDecimal("0.001")));

  private Quantity() {}

  /** The quantity's value (bytes for memory, cores for cpu). */
  static BigDecimal value(String q) {
    String s = q.strip();
    for (String suffix : new String[] {"Ki", "Mi", "Gi", "Ti", "k", "M", "G", "T", "m"}) {
      if (s.endsWith(suffix)) {
        return new BigDecimal(s.substring(0, s.length() - suffix.length())).multiply(SUFFIXES.get(suffix));
      }
    }
    return new BigDecimal(s);
  }

  static long bytes(String q) {
    return value(q).longValueExact();
  }
}
