/**
 * First-order optimizers (SGD, momentum, Adagrad, Adam) that update a block of a parameter array in
 * place, and learning-rate schedules; shared by local trainers and parameter-server shards.
 */
package dev.trainyard.ml.optim;
