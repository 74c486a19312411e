/**
 * Preprocessing fitted on training rows only and then applied to any frame: imputation, categorical
 * encoding and scaling, composed by {@link dev.trainyard.ml.transform.Preprocessor} into a FeatureMatrix.
 */
package dev.trainyard.ml.transform;
