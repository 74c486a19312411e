package dev.trainyard.ml.als;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * A trained matrix factorization over two features, the user id and the item id (as float32
 * values, integers of magnitude below 2^24). For a user u and item i seen in training it predicts
 * {@code p_u·q_i} without bias terms and {@code μ + b_u + c_i + p_u·q_i} with them. Fallback for
 * ids not seen in training (and any non-integer value, such as the ordinal code -1 of an unknown
 * category): without bias terms the global mean μ; with them {@code μ} plus the bias of whichever
 * side is known. Immutable and thread-safe.
 */
public final class AlsModel implements Model {
  /** The binary format id of {@link #writeBody}. */
  public static final String FORMAT_ID = "als/1";
  /** Upper bound on rank accepted from model files and trainers. */
  static final int MAX_RANK = 1000;

  private final int rank;
  private final boolean biases;
  private final double mean;
  private final IdIndex users;
  private final IdIndex items;
  private final float[] userFactors;
  private final float[] itemFactors;
  private final float[] userBias;
  private final float[] itemBias;
  private final Provenance provenance;

  /**
   * A model from each side's ids (distinct, ascending; row k of a side's {@link Factors} belongs to
   * its k-th id) and factors, copied. Both sides must have the same rank and either both or neither
   * carry biases. {@code mean} is μ, the training mean rating.
   */
  public AlsModel(int[] userIds, Factors users, int[] itemIds, Factors items, double mean, Provenance provenance) {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(items, "items");
    this.provenance = Objects.requireNonNull(provenance, "provenance");
    if (users.rank() != items.rank() || users.rank() > MAX_RANK) {
      throw new InvalidInputException("user and item factors must have the same rank of at most " + MAX_RANK
          + ", were " + users.rank() + " and " + items.rank());
    }
    if (users.hasBiases() != items.hasBiases()) {
      throw new InvalidInputException("users and items must both have biases or both have none");
    }
    if (!Double.isFinite(mean)) {
      throw new InvalidInputException("mean must be finite, was " + mean);
    }
    this.users = IdIndex.ofSorted(userIds, "user");
    this.items = IdIndex.ofSorted(itemIds, "item");
    if (this.users.size() != users.rows() || this.items.size() != items.rows()) {
      throw new InvalidInputException("each side needs one factor row per id, had " + users.rows() + " rows for "
          + userIds.length + " user ids and " + items.rows() + " rows for " + itemIds.length + " item ids");
    }
    this.rank = users.rank();
    this.biases = users.hasBiases();
    this.mean = mean;
    this.userFactors = users.values().clone();
    this.itemFactors = items.values().clone();
    this.userBias = biases ? users.biases().clone() : new float[0];
    this.itemBias = biases ? items.biases().clone() : new float[0];
  }

  public int rank() {
    return rank;
  }

  /** Whether predictions include μ and the user and item biases. */
  public boolean hasBiases() {
    return biases;
  }

  /** The mean training rating μ. */
  public double mean() {
    return mean;
  }

  /** A copy of the user ids known to the model, ascending. */
  public int[] userIds() {
    return users.ids();
  }

  /** A copy of the item ids known to the model, ascending. */
  public int[] itemIds() {
    return items.ids();
  }

  /** The predicted rating of {@code user} for {@code item} (with the documented fallback for unknown ids). */
  public double predict(float user, float item) {
    int u = users.indexOf(user);
    int i = items.indexOf(item);
    if (!biases) {
      return u < 0 || i < 0 ? mean : dot(u, i);
    }
    double p = mean;
    if (u >= 0) {
      p += userBias[u];
    }
    if (i >= 0) {
      p += itemBias[i];
    }
    return u < 0 || i < 0 ? p : p + dot(u, i);
  }

  private double dot(int u, int i) {
    double s = 0;
    int pu = u * rank;
    int qi = i * rank;
    for (int k = 0; k < rank; k++) {
      s += (double) userFactors[pu + k] * itemFactors[qi + k];
    }
    return s;
  }

  @Override
  public void predict(float[] x, double[] out) {
    if (x.length < 2) {
      throw new IllegalArgumentException("x must have 2 features (user, item), has " + x.length);
    }
    out[0] = predict(x[0], x[1]);
  }

  @Override
  public Task task() {
    return Task.REGRESSION;
  }

  @Override
  public int numFeatures() {
    return 2;
  }

  @Override
  public int numClasses() {
    return 0;
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  /**
   * Body: rank (int), biases (boolean), μ (double bits), then per side (users, then items): the id
   * count (int), the ids (ints), the factors (float bits, count x rank) and, with biases, the biases
   * (float bits, count).
   */
  @Override
  public void writeBody(DataOutput out) throws IOException {
    out.writeInt(rank);
    out.writeBoolean(biases);
    out.writeLong(Double.doubleToRawLongBits(mean));
    writeSide(out, users, userFactors, userBias);
    writeSide(out, items, itemFactors, itemBias);
  }

  private void writeSide(DataOutput out, IdIndex ids, float[] factors, float[] bias) throws IOException {
    out.writeInt(ids.size());
    for (int k = 0; k < ids.size(); k++) {
      out.writeInt(ids.id(k));
    }
    for (float f : factors) {
      out.writeInt(Float.floatToRawIntBits(f));
    }
    for (float b : bias) {
      out.writeInt(Float.floatToRawIntBits(b));
    }
  }

  /** Reads a body written by {@link #writeBody}; the result predicts bit for bit like the written model. */
  public static AlsModel readBody(DataInput in, Provenance provenance) throws IOException {
    int rank = in.readInt();
    boolean biases = in.readBoolean();
    double mean = Double.longBitsToDouble(in.readLong());
    if (rank < 1 || rank > MAX_RANK) {
      throw new InvalidInputException("corrupt " + FORMAT_ID + " body: rank " + rank);
    }
    int[][] ids = new int[2][];
    Factors users = readSide(in, rank, biases, ids, 0);
    Factors items = readSide(in, rank, biases, ids, 1);
    return new AlsModel(ids[0], users, ids[1], items, mean, provenance);
  }

  private static Factors readSide(DataInput in, int rank, boolean biases, int[][] idsOut, int side) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > (IdIndex.MAX_ID + 1) * 2 || (long) count * rank > Integer.MAX_VALUE - 8) {
      throw new InvalidInputException("corrupt " + FORMAT_ID + " body: " + count + " ids of rank " + rank);
    }
    int[] ids = new int[count];
    for (int k = 0; k < count; k++) {
      ids[k] = in.readInt();
    }
    float[] factors = new float[count * rank];
    for (int k = 0; k < factors.length; k++) {
      factors[k] = Float.intBitsToFloat(in.readInt());
    }
    float[] bias = biases ? new float[count] : null;
    for (int k = 0; biases && k < count; k++) {
      bias[k] = Float.intBitsToFloat(in.readInt());
    }
    idsOut[side] = ids;
    return new Factors(rank, factors, bias);
  }

  @Override
  public String toString() {
    return "AlsModel[rank " + rank + (biases ? ", biases" : "") + ", " + users.size() + " users, "
        + items.size() + " items]";
  }
}
