package dev.trainyard.ml.tree;

import dev.trainyard.common.Check;
import java.util.Objects;

/**
 * How one tree grows. {@code maxDepth} 0 means unlimited; {@code minSamplesLeaf} and
 * {@code minSamplesSplit} count bootstrap draws (a row drawn twice counts twice);
 * {@code maxFeatures} is how many non-constant features are tried per node (at most the number of
 * features).
 */
public record TreeParams(
    Criterion criterion, int maxDepth, int minSamplesLeaf, int minSamplesSplit, int maxFeatures) {

  /** Depth limit accepted for {@code maxDepth}; deeper trees than this are not useful. */
  public static final int MAX_DEPTH = 200;

  public TreeParams {
    Objects.requireNonNull(criterion, "criterion");
    Check.between("max_depth", maxDepth, 0, MAX_DEPTH);
    Check.between("min_samples_leaf", minSamplesLeaf, 1, Integer.MAX_VALUE);
    Check.between("min_samples_split", minSamplesSplit, 2, Integer.MAX_VALUE);
    Check.between("max_features", maxFeatures, 1, Integer.MAX_VALUE);
  }

  /** The depth limit with 0 (unlimited) mapped to a depth no tree reaches. */
  int depthLimit() {
    return maxDepth == 0 ? Integer.MAX_VALUE : maxDepth;
  }
}
