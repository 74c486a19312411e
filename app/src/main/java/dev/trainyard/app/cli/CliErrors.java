package dev.trainyard.app.cli;

import dev.trainyard.cluster.task.Failures;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ps.client.PsException;
import io.grpc.Status;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Translates failures into exit codes and one-line messages, once, at the CLI boundary: bad input
 * and usage errors exit 2, anything unexpected exits 1. Stack traces only with {@code TRAINYARD_DEBUG=1}.
 */
public final class CliErrors {
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL = 1;

  private CliErrors() {}

  public static CommandLine configure(CommandLine cli) {
    cli.setExecutionExceptionHandler(CliErrors::handleExecution);
    cli.setParameterExceptionHandler(CliErrors::handleParameter);
    return cli;
  }

  private static int handleExecution(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    PrintWriter err = cli.getErr();
    if (e instanceof InvalidInputException invalid) {
      err.println("error: " + invalid.getMessage());
      if (invalid.details().size() > 1) {
        for (String d : invalid.details()) {
          err.println("  - " + d);
        }
      }
      debug(e, err);
      err.flush();
      return BAD_INPUT;
    }
    if (e instanceof NotFoundException) {
      err.println("error: " + e.getMessage());
      debug(e, err);
      err.flush();
      return BAD_INPUT;
    }
    if (e instanceof PsException ps) {
      err.println("error: " + Failures.describe(ps));
      debug(e, err);
      err.flush();
      return ps.code() == Status.Code.INVALID_ARGUMENT ? BAD_INPUT : INTERNAL;
    }
    if (e instanceof JobFailedException) {
      err.println("error: " + e.getMessage());
      debug(e, err);
      err.flush();
      return INTERNAL;
    }
    err.println("internal error: " + e + " (set TRAINYARD_DEBUG=1 for the stack trace; please report it)");
    debug(e, err);
    err.flush();
    return INTERNAL;
  }

  private static int handleParameter(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    PrintWriter err = cli.getErr();
    err.println("error: " + e.getMessage());
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
      err.println("Run '" + cli.getCommandSpec().qualifiedName() + " --help' for usage.");
    }
    err.flush();
    return BAD_INPUT;
  }

  private static void debug(Exception e, PrintWriter err) {
    if ("1".equals(System.getenv("TRAINYARD_DEBUG"))) {
      e.printStackTrace(err);
    }
  }
}
