package dev.trainyard.app.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to a coordinator over its HTTP API. Bad input and missing things become
 * exit code 2 through {@link CliErrors}; a failing server exits 1 with its one-line message.
 */
abstract class ClientCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Override
  public final Integer call() throws Exception {
    try {
      return run(server.client());
    } catch (ServerFailure e) {
      System.out.flush();
      System.err.println("error: " + e.getMessage());
      return CliErrors.INTERNAL;
    }
  }

  /** Does the work and returns the exit code. */
  protected abstract int run(ApiClient api) throws Exception;
}
