/**
 * Whole-run benchmarks of Trainyard next to its peers on the same data and machine.
 * Not part of the default build: {@code ./trainyard bench} (Maven profile {@code bench}).
 */
package dev.trainyard.bench;
