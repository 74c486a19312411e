/**
 * The columnar in-memory dataset ({@link dev.trainyard.ml.data.Frame}) and its readers (CSV, LibSVM).
 * Columns are primitive arrays; row subsets are index views that never copy values.
 */
package dev.trainyard.ml.data;
