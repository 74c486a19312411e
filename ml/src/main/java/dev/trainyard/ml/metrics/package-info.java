/**
 * Evaluation metrics for classification (accuracy, log loss, ROC AUC, confusion matrix, precision,
 * recall, F1) and regression (RMSE, MAE, R²), per-split reports and cross-validation summaries.
 */
package dev.trainyard.ml.metrics;
