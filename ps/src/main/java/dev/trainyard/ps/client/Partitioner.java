package dev.trainyard.ps.client;

import dev.trainyard.common.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the key range {@code [begin, end)} into {@code parts} contiguous ranges of sizes differing
 * by at most one (the first {@code n mod parts} ranges get the extra key), one per shard. Immutable.
 */
public final class Partitioner {
  private final long begin;
  private final long end;
  private final int parts;
  private final long base;
  private final long extra;

  private Partitioner(long begin, long end, int parts) {
    this.begin = begin;
    this.end = end;
    this.parts = parts;
    long n = end - begin;
    this.base = n / parts;
    this.extra = n % parts;
  }

  /** Contiguous ranges over {@code [begin, end)}; needs {@code end - begin >= parts >= 1} without overflow. */
  public static Partitioner contiguous(long begin, long end, int parts) {
    if (parts < 1) {
      throw new InvalidInputException("parts must be >= 1, was " + parts);
    }
    long n;
    try {
      n = Math.subtractExact(end, begin);
    } catch (ArithmeticException e) {
      throw new InvalidInputException("key range [" + begin + ", " + end + ") must hold at most "
          + Long.MAX_VALUE + " keys");
    }
    if (n < parts) {
      throw new InvalidInputException("key range [" + begin + ", " + end + ") must hold at least one key per part ("
          + parts + "), holds " + Math.max(n, 0));
    }
    return new Partitioner(begin, end, parts);
  }

  /** A half-open range {@code [begin, end)} of rows or keys. */
  public record Range(long begin, long end) {
    public long size() {
      return end - begin;
    }
  }

  /** The rows or keys {@code [from, to)} owned by one part. */
  public record Piece(int part, long from, long to) {}

  public int parts() {
    return parts;
  }

  /** The range owned by {@code part}. */
  public Range range(int part) {
    long start = begin + part * base + Math.min(part, extra);
    return new Range(start, start + base + (part < extra ? 1 : 0));
  }

  /** The part owning {@code key}, which must lie in {@code [begin, end)}. */
  public int partOf(long key) {
    if (key < begin || key >= end) {
      throw new InvalidInputException("key " + key + " must lie within [" + begin + ", " + end + ")");
    }
    long k = key - begin;
    long bigParts = (base + 1) * extra;
    return (int) (k < bigParts ? k / (base + 1) : extra + (k - bigParts) / base);
  }

  /** {@code [from, to)} cut at part boundaries, in order; needs {@code begin <= from < to <= end}. */
  public List<Piece> split(long from, long to) {
    if (!(begin <= from && from < to && to <= end)) {
      throw new InvalidInputException("rows [" + from + ", " + to + ") must be a non-empty range within ["
          + begin + ", " + end + ")");
    }
    List<Piece> pieces = new ArrayList<>();
    for (int p = partOf(from); p < parts; p++) {
      Range r = range(p);
      if (r.begin() >= to) {
        break;
      }
      pieces.add(new Piece(p, Math.max(from, r.begin()), Math.min(to, r.end())));
    }
    return pieces;
  }
}
