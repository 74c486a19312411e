/**
 * Multi-layer perceptron classifier: the flat parameter layout a parameter server can hold, a pure
 * batch loss/gradient function, a deterministic mini-batch trainer and the immutable model.
 */
package dev.trainyard.ml.nn;
