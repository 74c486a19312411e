package dev.trainyard.ml.data;

/**
 * Parses decimal numbers straight from a character buffer without allocating. Plain decimals
 * ({@code -12.375}) take a fast path: the digits as a long mantissa divided by an exact power of ten
 * (exact in double up to 10^22), then rounded once to float. Anything else made only of number
 * characters (exponents, very long mantissas) falls back to {@link Float#parseFloat}. Tokens such as
 * {@code 1f}, {@code 0x10} or {@code Infinity} are not numbers here. Not thread-safe (holds the
 * success flag of the last call).
 */
final class NumberParser {
  private static final double[] POW10 = new double[19];

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private boolean ok;

  /** True when the last {@link #parse} call read a number. */
  boolean ok() {
    return ok;
  }

  float parse(char[] b, int off, int len) {
    int start = off;
    int end = off + len;
    while (start < end && (b[start] == ' ' || b[start] == '\t')) {
      start++;
    }
    while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t')) {
      end--;
    }
    ok = false;
    if (start == end) {
      return Float.NaN;
    }
    int i = start;
    boolean negative = false;
    if (b[i] == '-' || b[i] == '+') {
      negative = b[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int scale = 0;
    boolean dot = false;
    for (; i < end; i++) {
      char c = b[i];
      if (c >= '0' && c <= '9') {
        if (digits < 18) {
          mantissa = mantissa * 10 + (c - '0');
          if (mantissa != 0) {
            digits++;
          }
          if (dot) {
            scale++;
          }
        } else {
          return slow(b, start, end);
        }
      } else if (c == '.' && !dot) {
        dot = true;
      } else {
        return slow(b, start, end);
      }
    }
    boolean anyDigit = digits > 0 || hasDigit(b, start, end);
    if (!anyDigit || scale >= POW10.length) {
      return anyDigit ? slow(b, start, end) : Float.NaN;
    }
    ok = true;
    double v = mantissa / POW10[scale];
    return (float) (negative ? -v : v);
  }

  private static boolean hasDigit(char[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] >= '0' && b[i] <= '9') {
        return true;
      }
    }
    return false;
  }

  private float slow(char[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = b[i];
      boolean allowed = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
      if (!allowed) {
        return Float.NaN;
      }
    }
    try {
      float v = Float.parseFloat(new String(b, start, end - start));
      ok = true;
      return v;
    } catch (NumberFormatException e) {
      return Float.NaN;
    }
  }
}
