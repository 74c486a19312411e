/**
 * Linear models (binary logistic, softmax, least squares): pure batch loss/gradient functions,
 * a deterministic mini-batch trainer, and the immutable {@link dev.trainyard.ml.linear.LinearModel}.
 */
package dev.trainyard.ml.linear;
