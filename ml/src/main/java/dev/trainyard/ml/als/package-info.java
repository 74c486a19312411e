/**
 * Matrix factorization of explicit ratings: ALS with weighted-λ regularisation (block half-steps a
 * parameter server can distribute), SGD-MF for comparison, and the immutable {@link dev.trainyard.ml.als.AlsModel}.
 */
package dev.trainyard.ml.als;
