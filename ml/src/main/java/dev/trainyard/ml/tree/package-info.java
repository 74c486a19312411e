/**
 * Decision trees on pre-binned features: quantile binning ({@link dev.trainyard.ml.tree.BinnedFeatures}),
 * histogram CART growing (Gini, entropy, variance) and the flat, immutable {@link dev.trainyard.ml.tree.Tree}.
 */
package dev.trainyard.ml.tree;
