package dev.trainyard.ml.als;

import dev.trainyard.ml.param.ParamSpec;
import java.util.List;

/** Names, defaults and ranges of the matrix factorization hyper-parameters. */
final class AlsParams {
  private AlsParams() {}

  static final List<String> SOLVERS = List.of("als", "sgd");
  static final String SOLVER = "als";
  static final int RANK = 10;
  static final int ITERATIONS = 15;
  static final double LAMBDA = 0.15;
  static final boolean BIASES = true;
  static final int EPOCHS = 30;
  static final double LEARNING_RATE = 0.01;
  static final int MAX_ITERATIONS = 10_000;
  static final double MIN_LAMBDA = 1e-9;
  static final double MAX_LAMBDA = 1000;
  static final double MIN_RATE = 1e-9;
  static final double MAX_RATE = 10;
  static final String USER_COLUMN = "user";
  static final String ITEM_COLUMN = "item";

  static List<ParamSpec> specs() {
    return List.of(
        ParamSpec.choice("solver", SOLVER, SOLVERS,
            "als: alternating least squares (exact row solves); sgd: stochastic gradient descent over shuffled ratings"),
        ParamSpec.integer("rank", RANK, 1, AlsModel.MAX_RANK, "number of latent factors per user and item"),
        ParamSpec.integer("iterations", ITERATIONS, 1, MAX_ITERATIONS,
            "als: alternations (a user half-step then an item half-step)"),
        ParamSpec.real("lambda", LAMBDA, MIN_LAMBDA, MAX_LAMBDA,
            "weighted-λ regularisation: a user's penalty is lambda*n_u*|p_u|², an item's lambda*n_i*|q_i|²"
                + " (n = its rating count); biases are penalised alike"),
        ParamSpec.bool("biases", BIASES,
            "model global mean + user bias + item bias, with the factors fitting the residual"),
        ParamSpec.integer("epochs", EPOCHS, 1, MAX_ITERATIONS, "sgd: passes over the shuffled ratings"),
        ParamSpec.real("learning_rate", LEARNING_RATE, MIN_RATE, MAX_RATE, "sgd: step size"),
        ParamSpec.text("user_column", USER_COLUMN, "column holding user ids (integers below 2^24, or categorical)"),
        ParamSpec.text("item_column", ITEM_COLUMN, "column holding item ids (integers below 2^24, or categorical)"));
  }
}
