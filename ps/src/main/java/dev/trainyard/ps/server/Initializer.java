package dev.trainyard.ps.server;

import dev.trainyard.rpc.v1.Init;
import java.util.SplittableRandom;

/**
 * Initial table values, drawn per row (dense) or per key (sparse) from a generator seeded by
 * {@code (seed, row)}, so a value depends only on its row and never on how the table is sharded.
 */
final class Initializer {
  private Initializer() {}

  /** Fills {@code dst[off .. off+cols)} with the initial values of row or key {@code row}. */
  static void fill(Init init, long row, float[] dst, int off, int cols) {
    switch (init.getKind()) {
      case UNIFORM -> {
        SplittableRandom r = generator(init.getSeed(), row);
        for (int j = 0; j < cols; j++) {
          dst[off + j] = (float) ((2 * r.nextDouble() - 1) * init.getScale());
        }
      }
      case NORMAL -> {
        SplittableRandom r = generator(init.getSeed(), row);
        for (int j = 0; j < cols; j++) {
          dst[off + j] = (float) (gaussian(r) * init.getScale());
        }
      }
      default -> java.util.Arrays.fill(dst, off, off + cols, 0f);
    }
  }

  private static SplittableRandom generator(long seed, long row) {
    // The golden-ratio increment spreads consecutive rows over unrelated streams.
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + row);
  }

  /** Box-Muller: {@code sqrt(-2 ln u1) * cos(2 pi u2)} is standard normal for uniform u1, u2. */
  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
