package dev.trainyard.app;

import dev.trainyard.app.cli.AlgorithmsCommand;
import dev.trainyard.app.cli.CancelCommand;
import dev.trainyard.app.cli.CliErrors;
import dev.trainyard.app.cli.CoordinatorCommand;
import dev.trainyard.app.cli.JobsCommand;
import dev.trainyard.app.cli.LogsCommand;
import dev.trainyard.app.cli.StandaloneCommand;
import dev.trainyard.app.cli.WorkerCommand;
import dev.trainyard.app.cli.PredictCommand;
import dev.trainyard.app.cli.PsCommand;
import dev.trainyard.app.cli.SubmitCommand;
import dev.trainyard.app.cli.TrainCommand;
import dev.trainyard.ml.model.TrainyardVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trainyard} executable: one binary, one subcommand per role or client action. */
@Command(
    name = "trainyard",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Trainyard: train, evaluate and serve machine-learning models on all cores and across a cluster.",
    subcommands = {TrainCommand.class, PredictCommand.class, AlgorithmsCommand.class, PsCommand.class,
        CoordinatorCommand.class, WorkerCommand.class, StandaloneCommand.class,
        SubmitCommand.class, JobsCommand.class, LogsCommand.class, CancelCommand.class,
        dev.trainyard.app.cli.ClusterCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Launcher commands (./trainyard script only):",
        "  test     Run the whole test suite (mvn verify).",
        "  bench    Build and run the benchmark harness (module bench/)."})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code: 0 ok, 1 internal error, 2 bad input or usage. */
  public static int run(String... args) {
    try {
      return CliErrors.configure(new CommandLine(new Main())).execute(args);
    } catch (OutOfMemoryError e) {
      System.err.println("error: out of memory; give the JVM more heap, e.g. TRAINYARD_JAVA_OPTS=-Xmx16g");
      return CliErrors.INTERNAL;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints the version recorded in the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"trainyard " + TrainyardVersion.get()};
    }
  }
}
