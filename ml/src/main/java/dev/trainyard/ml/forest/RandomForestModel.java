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
import java.util.List;
import java.util.Objects;

/**
 * A trained random forest: the mean of its trees' class distributions (classification) or values
 * (regression), from raw feature values. Also carries the out-of-bag score and mean-decrease-in-
 * impurity feature importances. Immutable and thread-safe.
 */
public final class RandomForestModel implements Model {
  public static final String FORMAT_ID = "random-forest/1";

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
    if (count < 1 || count > 10_000) {
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
