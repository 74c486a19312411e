package dev.trainyard.ml.metrics;

/**
 * Precision, recall and F1 of one class (one-vs-rest), and its support (number of true rows). A
 * ratio whose denominator is zero is reported as 0.
 */
public record ClassScore(String className, double precision, double recall, double f1, long support) {}
