package dev.trainyard.ml.forest;

import dev.trainyard.ml.tree.GrownTree;

/**
 * Tree {@code index} of a forest as grown, with its out-of-bag rows (rows its sample left out)
 * and the leaf offset each of them reaches in the tree ({@code oobLeaves[i]} for {@code oobRows[i]}).
 */
record TreeResult(int index, GrownTree grown, int[] oobRows, int[] oobLeaves) {}
