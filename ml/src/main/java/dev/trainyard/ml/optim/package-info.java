/**
 * First-order optimizers (SGD, momentum, Adagrad, Adam) that update a block of a parameter array in
 * place, and learning-rate schedules; shared by local trainers and parameter-server shards. Also the
 * deterministic pieces of a mini-batch loop the local trainers share: parallel chunks and tasks,
 * validation split, early stopping and the common hyper-parameters.
 */
package dev.trainyard.ml.optim;
