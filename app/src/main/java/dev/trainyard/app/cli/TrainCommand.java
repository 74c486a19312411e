package dev.trainyard.app.cli;

import dev.trainyard.common.Check;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.Ticker;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.ExperimentSpec.Validation;
import dev.trainyard.ml.pipeline.InputSchema;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.TrainerSource;
import dev.trainyard.ps.train.PsSession;
import dev.trainyard.ps.train.PsTrainerSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trainyard train}: train and evaluate a model on a CSV or LibSVM file on all cores. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train a model on a data file and evaluate it.",
        "Algorithms and their parameters: trainyard algorithms"})
public final class TrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data: CSV (.csv, .csv.gz) or LibSVM (.svm).")
  Path data;

  @Option(names = "--label", defaultValue = "label", paramLabel = "COL", description = "Label column (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--algo", required = true, paramLabel = "NAME",
      description = "Algorithm: logistic, softmax, linear or random-forest.")
  String algorithm;

  @Option(names = {"--param", "-p"}, paramLabel = "KEY=VALUE", description = "Hyper-parameter (repeatable), e.g. trees=200.")
  Map<String, String> params = new LinkedHashMap<>();

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  ValidationOptions validation = new ValidationOptions();

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}); same seed, same model.")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--save-model", paramLabel = "PATH", description = "Save the trained model (with --cv: refit on all rows).")
  Path saveModel;

  @Option(names = "--json", description = "Print one JSON object with the results instead of text.")
  boolean json;

  @Mixin DataOptions dataOptions;

  @Mixin PsOptions psOptions;

  /** At most one validation scheme. */
  static final class ValidationOptions {
    @Option(names = "--cv", paramLabel = "K", description = "K-fold cross-validation (stratified for classes).")
    Integer cv;

    @Option(names = "--test", paramLabel = "FILE", description = "Evaluate on a separate test file.")
    Path test;

    @Option(names = "--test-fraction", paramLabel = "F", description = "Hold out fraction F of the rows for testing.")
    Double testFraction;
  }

  @Override
  public Integer call() {
    int nThreads = Check.between("--threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1, 1024);
    Validation v = validationWithoutData();
    ExperimentSpec early = new ExperimentSpec(algorithm, label, params, v, seed, null, null);
    Experiment.validate(early);
    if (psOptions.enabled()) {
      psOptions.validate();
      PsTrainerSource.requireSupported(algorithm);
    }
    PrintStream err = System.err;
    ProgressPrinter printer = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "");
    long t0 = Ticker.SYSTEM.nanos();
    Frame frame = dataOptions.read(data, Map.of());
    if (!frame.has(label)) {
      throw new InvalidInputException(data.getFileName() + " has no label column '" + label + "'; columns are: "
          + frame.names() + " (choose one with --label)");
    }
    if (validation.test != null) {
      v = new Validation.TestFrame(readTest(frame), validation.test.getFileName().toString());
    }
    double loadSeconds = (Ticker.SYSTEM.nanos() - t0) / 1e9;
    ExperimentSpec spec = new ExperimentSpec(algorithm, label, params, v, seed,
        data.getFileName().toString(), FileHash.sha256(data));
    ExecutorService pool = dev.trainyard.common.Executors2.fixed(nThreads, "train");
    ExperimentResult result;
    PsSession ps = psOptions.enabled() ? psOptions.session() : null;
    try {
      TrainerSource trainers = ps == null ? TrainerSource.LOCAL : ps.trainers();
      Experiment experiment = new Experiment(pool, nThreads, printer::stage, Ticker.SYSTEM, trainers);
      result = experiment.run(frame, spec, saveModel != null || !(v instanceof Validation.CrossValidation));
    } finally {
      pool.shutdownNow();
      if (ps != null) {
        ps.close();
      }
      printer.finish();
    }
    if (saveModel != null) {
      ModelFile.save(result.model().orElseThrow(), saveModel);
    }
    new TrainReport(result, data, frame, loadSeconds, saveModel).print(System.out, json);
    return 0;
  }

  private Validation validationWithoutData() {
    if (validation.cv != null) {
      Check.between("--cv", validation.cv, 2, 1_000_000);
      return new Validation.CrossValidation(validation.cv);
    }
    if (validation.testFraction != null) {
      Check.strictlyBetween("--test-fraction", validation.testFraction, 0, 1);
      return new Validation.Fraction(validation.testFraction);
    }
    return new Validation.None();
  }

  private Frame readTest(Frame train) {
    Map<String, dev.trainyard.ml.data.ColumnType> types = new LinkedHashMap<>();
    InputSchema.of(train, label).fields().forEach(f -> types.put(f.name(), f.type()));
    types.put(label, train.column(label).type());
    Frame test = dataOptions.read(validation.test, types);
    if (!test.has(label)) {
      throw new InvalidInputException(validation.test.getFileName() + " has no label column '" + label + "'");
    }
    return test;
  }
}
