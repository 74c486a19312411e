package dev.trainyard.ml.forest;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.tree.GrownTree;
import dev.trainyard.ml.tree.Tree;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained random forest: the mean of its trees' class distributions (classification) or values
 * (regression), from raw feature values. Also carries the out-of-bag score and mean-decrease-in-
 * impurity feature importances. Immutable and thread-safe.
 */
public final class RandomForestModel implements Model {
  public static final String FORMAT_ID = "random-forest/1";
  /** Provenance metric: out-of-bag accuracy of a classification forest. */
  public static final String OOB_ACCURACY = "oob_accuracy";
  /** Provenance metric: out-of-bag R² of a regression forest. */
  public static final String OOB_R2 = "oob_r2";
  /** The most trees a forest (and so a model file) may hold. */
  public static final int MAX_TREES = 10_000;

  private final Task task;
  private final int numFeatures;
  private final int numClasses;
  private final Tree[] trees;
  private final double[] importances;
  private final double oobScore;
  private final Provenance provenance;

  private RandomForestModel(Task task, int numFeatures, int numClasses, Tree[] trees, double[] importances,
      double oobScore, Provenance provenance) {
    this.task = task;
    this.numFeatures = numFeatures;
    this.numClasses = numClasses;
    this.trees = trees;
    this.importances = importances;
    this.oobScore = oobScore;
    this.provenance = Objects.requireNonNull(provenance, "provenance");
  }

  /**
   * Builds the model from grown trees (in tree order). Importance of feature j: per tree, its
   * share of the tree's total impurity decrease; averaged over trees and renormalised to sum 1.
   */
  static RandomForestModel assemble(Task task, int numFeatures, int numClasses, GrownTree[] grown,
      double oobScore, Provenance provenance) {
    Tree[] trees = new Tree[grown.length];
    double[] importances = new double[numFeatures];
    for (int t = 0; t < grown.length; t++) {
      trees[t] = grown[t].tree();
      double[] dec = grown[t].impurityDecrease();
      double sum = 0;
      for (double v : dec) {
        sum += v;
      }
      for (int j = 0; sum > 0 && j < numFeatures; j++) {
        importances[j] += dec[j] / sum;
      }
    }
    double total = Arrays.stream(importances).sum();
    for (int j = 0; total > 0 && j < numFeatures; j++) {
      importances[j] /= total;
    }
    return new RandomForestModel(task, numFeatures, numClasses, trees, importances, oobScore, provenance);
  }

  /**
   * One forest of the parts' trees, concatenated in list order: parts grown by
   * {@link RandomForestTrainer#treeRange} for consecutive ranges covering {@code [0, trees)} give a
   * model whose predictions are bit-identical to the full forest's. The caller answers for the parts
   * coming from one forest (same data, parameters and seed); only the shape is checked.
   *
   * <p>Importances: each part's are a mean over its trees that split (a tree's importances are its
   * shares of its own impurity decrease), so the combination weights each part by its count of such
   * trees and renormalises; this equals the full forest's up to rounding unless a tree split without
   * any impurity decrease (then the full forest gives that tree no weight). The out-of-bag score is
   * NaN (it needs the training rows). Provenance is {@link #combinedProvenance} of the first part's.
   *
   * @throws IllegalArgumentException if {@code parts} is empty, the parts disagree on task, feature
   *     count or class count, or they hold more than {@link #MAX_TREES} trees in all
   */
  public static RandomForestModel combine(List<RandomForestModel> parts) {
    checkCombinable(parts);
    RandomForestModel first = parts.get(0);
    int total = parts.stream().mapToInt(p -> p.trees.length).sum();
    Tree[] trees = new Tree[total];
    double[] importances = new double[first.numFeatures];
    int at = 0;
    for (RandomForestModel part : parts) {
      System.arraycopy(part.trees, 0, trees, at, part.trees.length);
      at += part.trees.length;
      long splitting = Arrays.stream(part.trees).filter(t -> t.nodeCount() > 1).count();
      for (int j = 0; j < importances.length; j++) {
        importances[j] += splitting * part.importances[j];
      }
    }
    double sum = Arrays.stream(importances).sum();
    for (int j = 0; sum > 0 && j < importances.length; j++) {
      importances[j] /= sum;
    }
    return new RandomForestModel(first.task, first.numFeatures, first.numClasses, trees, importances, Double.NaN,
        combinedProvenance(first.provenance, total));
  }

  private static void checkCombinable(List<RandomForestModel> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("parts must not be empty");
    }
    RandomForestModel first = parts.get(0);
    long total = 0;
    for (int i = 0; i < parts.size(); i++) {
      RandomForestModel p = Objects.requireNonNull(parts.get(i), "part " + i);
      if (p.task != first.task) {
        throw new IllegalArgumentException("part " + i + " is " + p.task + " but part 0 is " + first.task);
      }
      if (p.numFeatures != first.numFeatures) {
        throw new IllegalArgumentException("part " + i + " has " + p.numFeatures + " features but part 0 has "
            + first.numFeatures);
      }
      if (p.numClasses != first.numClasses) {
        throw new IllegalArgumentException("part " + i + " has " + p.numClasses + " classes but part 0 has "
            + first.numClasses);
      }
      total += p.trees.length;
    }
    if (total > MAX_TREES) {
      throw new IllegalArgumentException("a combined forest must have at most " + MAX_TREES + " trees, has " + total);
    }
  }

  /**
   * The provenance {@link #combine} gives a forest of {@code trees} trees whose first part had
   * {@code first}: the same, with parameter {@code trees} set to the total, without
   * {@link RandomForestTrainer#TREE_RANGE}, and without the out-of-bag metrics (they described the part).
   */
  public static Provenance combinedProvenance(Provenance first, int trees) {
    Map<String, String> params = new LinkedHashMap<>(first.params());
    params.put("trees", Integer.toString(trees));
    params.remove(RandomForestTrainer.TREE_RANGE);
    Map<String, Double> metrics = new LinkedHashMap<>(first.metrics());
    metrics.keySet().removeAll(List.of(OOB_ACCURACY, OOB_R2));
    return new Provenance(first.algorithm(), params, first.seed(), first.version(), first.createdAt(),
        first.datasetId(), first.datasetHash(), first.trainRows(), metrics);
  }

  /** The same model with other provenance (e.g. with metrics or the dataset filled in). */
  public RandomForestModel withProvenance(Provenance p) {
    return new RandomForestModel(task, numFeatures, numClasses, trees, importances, oobScore, p);
  }

  @Override
  public Task task() {
    return task;
  }

  @Override
  public int numFeatures() {
    return numFeatures;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  public List<Tree> trees() {
    return List.of(trees);
  }

  /** Out-of-bag accuracy (classification) or R² (regression); NaN if no row was ever out of bag. */
  public double oobScore() {
    return oobScore;
  }

  /** Mean decrease in impurity per feature, summing to 1 (all 0 if no tree ever split). */
  public double[] featureImportances() {
    return importances.clone();
  }

  @Override
  public Provenance provenance() {
    return provenance;
  }

  @Override
  public void predict(float[] x, double[] out) {
    int width = width();
    Arrays.fill(out, 0, width, 0.0);
    for (Tree tree : trees) {
      tree.addPrediction(x, out);
    }
    for (int c = 0; c < width; c++) {
      out[c] /= trees.length;
    }
  }

  /** Same results as {@link #predict} row by row, but routes all rows through one tree at a time. */
  @Override
  public double[][] predictAll(FeatureMatrix x) {
    int width = width();
    double[][] out = new double[x.rows()][width];
    int[] rows = new int[x.rows()];
    Arrays.setAll(rows, i -> i);
    for (Tree tree : trees) {
      int[] leaves = tree.leafOffsets(x, rows);
      for (int i = 0; i < rows.length; i++) {
        for (int c = 0; c < width; c++) {
          out[i][c] += tree.value(leaves[i] + c);
        }
      }
    }
    for (double[] row : out) {
      for (int c = 0; c < width; c++) {
        row[c] /= trees.length;
      }
    }
    return out;
  }

  private int width() {
    return task == Task.CLASSIFICATION ? numClasses : 1;
  }

  @Override
  public String formatId() {
    return FORMAT_ID;
  }

  @Override
  public void writeBody(DataOutput out) throws IOException {
    out.writeByte(task == Task.CLASSIFICATION ? 0 : 1);
    out.writeInt(numFeatures);
    out.writeInt(numClasses);
    out.writeDouble(oobScore);
    for (double v : importances) {
      out.writeDouble(v);
    }
    out.writeInt(trees.length);
    for (Tree t : trees) {
      t.write(out);
    }
  }

  /** Reads a body written by {@link #writeBody}; predictions are bit-identical to the original's. */
  public static RandomForestModel readBody(DataInput in, Provenance p) throws IOException {
    int kind = in.readByte();
    Task task = kind == 0 ? Task.CLASSIFICATION : kind == 1 ? Task.REGRESSION : null;
    int numFeatures = in.readInt();
    int numClasses = in.readInt();
    if (task == null || numFeatures < 1 || numFeatures > 1 << 28 || numClasses < 0
        || (task == Task.CLASSIFICATION) != (numClasses >= 1)) {
      throw new IOException("corrupt random forest header");
    }
    double oobScore = in.readDouble();
    double[] importances = new double[numFeatures];
    for (int j = 0; j < numFeatures; j++) {
      importances[j] = in.readDouble();
    }
    int count = in.readInt();
    if (count < 1 || count > MAX_TREES) {
      throw new IOException("corrupt random forest: " + count + " trees");
    }
    int width = task == Task.CLASSIFICATION ? numClasses : 1;
    Tree[] trees = new Tree[count];
    for (int t = 0; t < count; t++) {
      trees[t] = Tree.read(in, numFeatures);
      if (trees[t].width() != width) {
        throw new IOException("corrupt random forest: tree " + t + " has width " + trees[t].width());
      }
    }
    return new RandomForestModel(task, numFeatures, numClasses, trees, importances, oobScore, p);
  }
}
