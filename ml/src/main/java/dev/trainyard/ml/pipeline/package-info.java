/**
 * From a frame to a saved model: the algorithm registry, preprocessing + training as one pipeline,
 * evaluation (cross-validation, test file, held-out fraction) and the versioned model file.
 */
package dev.trainyard.ml.pipeline;
