/**
 * Server-side optimizers of the parameter server: FTRL-proximal, and the factory that builds any
 * optimizer (the ml.optim ones and FTRL) from a name and a map of hyper-parameters.
 */
package dev.trainyard.ps.optim;
