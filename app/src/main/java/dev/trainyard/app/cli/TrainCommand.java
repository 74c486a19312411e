package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.app.node.EmbeddedPlatform;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.common.Check;
import dev.trainyard.ml.pipeline.Experiment;
import dev.trainyard.ml.pipeline.ExperimentResult;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.ExperimentSpec.Validation;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ps.train.PsTrainerSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code trainyard train}: train and evaluate a model on a CSV or LibSVM file on all cores. The
 * job runs through an embedded platform (coordinator, in-process queue, one local worker slot), the
 * same code path as a submitted job.
 */
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

  /** The secret of the running shards --ps names; without one, a generated secret for in-process parts. */
  @Mixin RoleOptions.SecretOptions secretOptions;

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
  public Integer call() throws InterruptedException {
    int nThreads = Check.between("--threads", threads == null ? Runtime.getRuntime().availableProcessors() : threads, 1, 1024);
    Validation v = validationWithoutData();
    ExperimentSpec early = new ExperimentSpec(algorithm, label, params, v, seed, null, null);
    Experiment.validate(early);
    if (psOptions.enabled()) {
      psOptions.validate();
      PsTrainerSource.requireSupported(algorithm);
    }
    dataOptions.types.forEach(DataOptions::parseType);
    char separator = dataOptions.separatorChar();
    PrintStream err = System.err;
    ProgressPrinter printer = new ProgressPrinter(err, ProgressPrinter.stderrIsTerminal(), "");
    quietPlatformLogs();
    EmbeddedRun.Outcome outcome;
    dev.trainyard.rpc.auth.ClusterSecret secret =
        secretOptions.given().orElseGet(dev.trainyard.rpc.auth.ClusterSecret::generate);
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(nThreads, secret)) {
      outcome = EmbeddedRun.run(platform, data, Optional.ofNullable(validation.test),
          id -> jobSpec(id, separator), printer);
    } finally {
      printer.finish();
    }
    ExperimentResult result = outcome.result();
    if (saveModel != null) {
      ModelFile.save(result.model().orElseThrow(), saveModel);
    }
    new TrainReport(result, data, outcome.rows(), outcome.columns(), outcome.loadSeconds(), saveModel)
        .print(System.out, json);
    return 0;
  }

  /** The job this command runs: one task per experiment unit, using every thread. */
  private ObjectNode jobSpec(String datasetId, char separator) {
    ObjectNode n = ResultJson.MAPPER.createObjectNode();
    n.put("dataset", datasetId);
    n.put("label", label);
    n.put("algorithm", algorithm);
    ObjectNode p = n.putObject("params");
    params.forEach(p::put);
    ObjectNode val = n.putObject("validation");
    if (validation.cv != null) {
      val.put("cv", validation.cv);
    } else if (validation.testFraction != null) {
      val.put("test_fraction", validation.testFraction);
    }
    n.put("final_model", saveModel != null || validation.cv == null);
    n.put("seed", seed);
    ObjectNode t = n.putObject("types");
    dataOptions.types.forEach(t::put);
    n.put("separator", String.valueOf(separator));
    ObjectNode r = n.putObject("resources");
    r.put("tasks", 1);
    if (psOptions.enabled()) {
      r.put("workers", psOptions.workers());
      int start = psOptions.shardsToStart();
      if (start > 0) {
        r.put("ps_shards", start);
      }
      psOptions.shards.forEach(r.putArray("ps")::add);
      r.put("consistency", psOptions.consistency());
      if (psOptions.consistency().equals("ssp")) {
        r.put("staleness", Math.max(1, psOptions.staleness()));
      }
      r.put("ps_gzip", psOptions.gzip);
    }
    return n;
  }

  /**
   * The embedded platform's log lines (jobs submitted, task attempts failed) are not this command's
   * output: it reports the outcome itself. TRAINYARD_LOG_LEVEL brings them back.
   */
  private static void quietPlatformLogs() {
    org.slf4j.Logger root = org.slf4j.LoggerFactory.getLogger("dev.trainyard");
    if (root instanceof ch.qos.logback.classic.Logger l && System.getenv("TRAINYARD_LOG_LEVEL") == null) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
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

}
