/**
 * Random forests: bagged CART trees grown in parallel on one binned copy of the data
 * ({@link dev.trainyard.ml.forest.RandomForestTrainer}) and the averaged {@link dev.trainyard.ml.forest.RandomForestModel}.
 */
package dev.trainyard.ml.forest;
