package dev.trainyard.ml.forest;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.tree.BinnedFeatures;
import dev.trainyard.ml.tree.GrownTree;
import dev.trainyard.ml.tree.TreeGrower;
import dev.trainyard.ml.tree.TreeParams;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The read-only state shared by all trees of one forest; {@link #grow} is called concurrently,
 * one call per tree, and depends only on the tree index and the forest seed.
 */
final class ForestJob {
  private final BinnedFeatures binned;
  private final FeatureMatrix x;
  private final Target y;
  private final TreeParams treeParams;
  private final long seed;
  private final boolean bootstrap;
  private final int draws;

  ForestJob(BinnedFeatures binned, FeatureMatrix x, Target y, TreeParams treeParams, long seed,
      boolean bootstrap, int draws) {
    this.binned = binned;
    this.x = x;
    this.y = y;
    this.treeParams = treeParams;
    this.seed = seed;
    this.bootstrap = bootstrap;
    this.draws = draws;
  }

  TreeResult grow(int t) {
    SplittableRandom rng = new SplittableRandom(treeSeed(seed, t));
    int[] counts = bootstrap ? withReplacement(rng) : withoutReplacement(rng);
    GrownTree grown = TreeGrower.create(binned, y, treeParams).grow(counts, rng.nextLong());
    int out = 0;
    for (int c : counts) {
      out += c == 0 ? 1 : 0;
    }
    int[] oobRows = new int[out];
    for (int r = 0, i = 0; r < counts.length; r++) {
      if (counts[r] == 0) {
        oobRows[i++] = r;
      }
    }
    return new TreeResult(t, grown, oobRows, grown.tree().leafOffsets(x, oobRows));
  }

  /**
   * A seed for tree {@code t} that depends only on the forest seed and {@code t}: the SplitMix64
   * finaliser of {@code seed + (t + 1) * golden gamma}, so neighbouring trees get unrelated streams.
   */
  static long treeSeed(long seed, int t) {
    long z = seed + (t + 1L) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Bootstrap: {@code draws} rows drawn uniformly with replacement; counts per row. */
  private int[] withReplacement(SplittableRandom rng) {
    int n = binned.rows();
    int[] counts = new int[n];
    for (int i = 0; i < draws; i++) {
      counts[rng.nextInt(n)]++;
    }
    return counts;
  }

  /** {@code draws} distinct rows (partial Fisher-Yates shuffle), each with count 1. */
  private int[] withoutReplacement(SplittableRandom rng) {
    int n = binned.rows();
    int[] counts = new int[n];
    if (draws >= n) {
      Arrays.fill(counts, 1);
      return counts;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = 0; i < draws; i++) {
      int j = i + rng.nextInt(n - i);
      int p = perm[j];
      perm[j] = perm[i];
      perm[i] = p;
      counts[p] = 1;
    }
    return counts;
  }
}
