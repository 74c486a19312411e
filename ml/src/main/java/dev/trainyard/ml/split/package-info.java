/**
 * Seeded row splits for evaluation: train/test holdout and k-fold cross-validation, plain or
 * stratified on class codes. Results are index arrays into the rows of a frame or target.
 */
package dev.trainyard.ml.split;
