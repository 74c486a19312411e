package dev.trainyard.ml.tree;

import java.util.Objects;

/**
 * A freshly grown tree and, per feature, the total weighted impurity decrease of its splits
 * (sum over nodes split on the feature of {@code w*i(node) - w_L*i(left) - w_R*i(right)}).
 */
public record GrownTree(Tree tree, double[] impurityDecrease) {
  public GrownTree {
    Objects.requireNonNull(tree, "tree");
    Objects.requireNonNull(impurityDecrease, "impurityDecrease");
  }
}
