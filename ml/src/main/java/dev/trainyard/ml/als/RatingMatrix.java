package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.FeatureMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Training ratings prepared for ALS: user and item ids mapped to dense indices (ascending id
 * order), the global mean μ, and the ratings grouped both by user and by item into fixed blocks of
 * {@code blockRows} consecutive rows (see {@link RatingBlock}). Within a row, ratings keep their
 * training order. With {@code centered} the stored values are {@code r - μ}. Immutable and
 * thread-safe.
 */
public final class RatingMatrix {
  private final IdIndex users;
  private final IdIndex items;
  private final double mean;
  private final boolean centered;
  private final List<RatingBlock> userBlocks;
  private final List<RatingBlock> itemBlocks;

  private RatingMatrix(IdIndex users, IdIndex items, double mean, boolean centered,
      List<RatingBlock> userBlocks, List<RatingBlock> itemBlocks) {
    this.users = users;
    this.items = items;
    this.mean = mean;
    this.centered = centered;
    this.userBlocks = List.copyOf(userBlocks);
    this.itemBlocks = List.copyOf(itemBlocks);
  }

  /**
   * Indexes training rows: column 0 of {@code x} holds user ids, column 1 item ids (integers of
   * magnitude below 2^24), {@code ratings} the finite ratings.
   */
  public static RatingMatrix of(FeatureMatrix x, float[] ratings, boolean centered, int blockRows) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(ratings, "ratings");
    if (x.cols() != 2) {
      throw new InvalidInputException("als needs exactly 2 feature columns (user, item), was " + x.cols());
    }
    if (x.rows() != ratings.length || x.rows() == 0) {
      throw new InvalidInputException("als needs at least 1 rating and one per row, had " + ratings.length
          + " ratings for " + x.rows() + " rows");
    }
    if (blockRows < 1) {
      throw new InvalidInputException("blockRows must be >= 1, was " + blockRows);
    }
    IdIndex users = IdIndex.of(x.column(0), "user");
    IdIndex items = IdIndex.of(x.column(1), "item");
    int n = ratings.length;
    int[] u = new int[n];
    int[] i = new int[n];
    double sum = 0;
    for (int row = 0; row < n; row++) {
      if (!Float.isFinite(ratings[row])) {
        throw new InvalidInputException("ratings must be finite, was " + ratings[row] + " in training row " + (row + 1));
      }
      u[row] = users.indexOf(x.get(row, 0));
      i[row] = items.indexOf(x.get(row, 1));
      sum += ratings[row];
    }
    double mean = sum / n;
    float shift = centered ? (float) mean : 0f;
    return new RatingMatrix(users, items, mean, centered,
        blocks(u, i, ratings, shift, users.size(), blockRows),
        blocks(i, u, ratings, shift, items.size(), blockRows));
  }

  /** Groups ratings by {@code rowOf} (counting sort, stable) and cuts the rows into blocks. */
  private static List<RatingBlock> blocks(int[] rowOf, int[] colOf, float[] ratings, float shift, int rows, int blockRows) {
    int[] start = new int[rows + 1];
    for (int r : rowOf) {
      start[r + 1]++;
    }
    for (int r = 0; r < rows; r++) {
      start[r + 1] += start[r];
    }
    int[] fill = start.clone();
    int[] cols = new int[rowOf.length];
    float[] vals = new float[rowOf.length];
    for (int k = 0; k < rowOf.length; k++) {
      int at = fill[rowOf[k]]++;
      cols[at] = colOf[k];
      vals[at] = ratings[k] - shift;
    }
    List<RatingBlock> out = new ArrayList<>();
    for (int first = 0; first < rows; first += blockRows) {
      int last = Math.min(rows, first + blockRows);
      int[] offsets = new int[last - first + 1];
      for (int r = first; r <= last; r++) {
        offsets[r - first] = start[r] - start[first];
      }
      out.add(new RatingBlock(first, offsets,
          Arrays.copyOfRange(cols, start[first], start[last]),
          Arrays.copyOfRange(vals, start[first], start[last])));
    }
    return out;
  }

  IdIndex userIndex() {
    return users;
  }

  IdIndex itemIndex() {
    return items;
  }

  /** The distinct user ids, ascending; a user's dense index is its position. */
  public int[] userIds() {
    return users.ids();
  }

  /** The distinct item ids, ascending; an item's dense index is its position. */
  public int[] itemIds() {
    return items.ids();
  }

  /** Mean of the training ratings (μ). */
  public double mean() {
    return mean;
  }

  /** Whether block values are {@code r - μ} rather than raw ratings. */
  public boolean centered() {
    return centered;
  }

  /** Ratings by user, in blocks of consecutive dense user indices; columns are item indices. */
  public List<RatingBlock> userBlocks() {
    return userBlocks;
  }

  /** Ratings by item, in blocks of consecutive dense item indices; columns are user indices. */
  public List<RatingBlock> itemBlocks() {
    return itemBlocks;
  }

  /** Number of training ratings. */
  public int count() {
    int n = 0;
    for (RatingBlock b : userBlocks) {
      n += b.count();
    }
    return n;
  }
}
