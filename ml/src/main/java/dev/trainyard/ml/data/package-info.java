/**
 * The columnar in-memory dataset ({@link dev.trainyard.ml.data.Frame}), its readers (CSV whole or in
 * chunks, LibSVM) and the typed dataset file ({@link dev.trainyard.ml.data.FrameFile}). Columns are
 * primitive arrays; row subsets are index views that never copy values.
 */
package dev.trainyard.ml.data;
