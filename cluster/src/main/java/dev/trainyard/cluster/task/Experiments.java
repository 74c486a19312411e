package dev.trainyard.cluster.task;

import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.ColumnType;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.LibSvmReader;
import dev.trainyard.ml.pipeline.ExperimentPlan;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.InputSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a job spec and its dataset files into the experiment every host agrees on: the frames are
 * read with the spec's types and separator (a test file with the training frame's types), and the
 * plan is built with a final model always requested, so a plan built on a worker and on the
 * coordinator has the same units and the same row splits.
 */
public final class Experiments {
  /** The format of a typed dataset (a {@link dev.trainyard.ml.data.FrameFile}) made by a preprocessing job. */
  public static final String TYPED_FORMAT = "frame";

  private Experiments() {}

  /** CSV options of a job: its separator and its column types. */
  public static CsvOptions csvOptions(JobSpec spec) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    spec.types().forEach((c, t) -> types.put(c, ColumnType.valueOf(t.toUpperCase(Locale.ROOT))));
    return CsvOptions.defaults().withSeparator(spec.separator()).withTypes(types);
  }

  /**
   * Reads a dataset file with the spec's column types and separator, plus {@code forced} types;
   * errors name the dataset by its display name, not by its stored file name.
   */
  public static Frame read(Path file, DataRef ref, JobSpec spec, Map<String, ColumnType> forced) {
    try {
      return readFile(file, ref.format(), spec, forced);
    } catch (InvalidInputException e) {
      String stored = file.getFileName().toString();
      if (!e.getMessage().contains(stored)) {
        throw e;
      }
      throw new InvalidInputException(e.getMessage().replace(stored, ref.name()), e.details());
    }
  }

  private static Frame readFile(Path file, String format, JobSpec spec, Map<String, ColumnType> forced) {
    if (format.equals(TYPED_FORMAT)) {
      return dev.trainyard.ml.data.FrameFile.read(file);
    }
    if (format.startsWith("libsvm")) {
      try {
        return LibSvmReader.read(file);
      } catch (IOException e) {
        throw new InvalidInputException("cannot read dataset: " + e.getMessage(), e);
      }
    }
    Map<String, ColumnType> types = new LinkedHashMap<>();
    spec.types().forEach((c, t) -> types.put(c, ColumnType.valueOf(t.toUpperCase(Locale.ROOT))));
    types.putAll(forced);
    return CsvReader.read(file, CsvOptions.defaults().withSeparator(spec.separator()).withTypes(types));
  }

  /** Reads a test file with the training frame's column types (like {@code trainyard train --test}). */
  public static Frame readTest(Path file, DataRef ref, JobSpec spec, Frame train) {
    Map<String, ColumnType> types = new LinkedHashMap<>();
    InputSchema.of(train, spec.label()).fields().forEach(f -> types.put(f.name(), f.type()));
    types.put(spec.label(), train.column(spec.label()).type());
    Frame test = read(file, ref, spec, types);
    if (!test.has(spec.label())) {
      throw new InvalidInputException("the test dataset has no label column '" + spec.label() + "'");
    }
    return test;
  }

  /** The ML experiment spec of a job (provenance names the dataset by display name and hash). */
  public static ExperimentSpec spec(JobSpec job, DataRef train, Frame trainFrame, Optional<Frame> test) {
    if (!trainFrame.has(job.label())) {
      throw new InvalidInputException(train.name() + " has no label column '" + job.label() + "'; columns are: "
          + trainFrame.names());
    }
    ExperimentSpec.Validation v;
    if (job.validation().cvFolds() > 0) {
      v = new ExperimentSpec.Validation.CrossValidation(job.validation().cvFolds());
    } else if (job.validation().testFraction() > 0) {
      v = new ExperimentSpec.Validation.Fraction(job.validation().testFraction());
    } else if (test.isPresent()) {
      v = new ExperimentSpec.Validation.TestFrame(test.get(), "test");
    } else {
      v = new ExperimentSpec.Validation.None();
    }
    return new ExperimentSpec(job.algorithm(), job.label(), job.params(), v, job.seed(), train.name(),
        "sha256:" + train.sha256());
  }

  /** The plan for a job; a final model is fitted unless a cv job says {@code final_model: false}. */
  public static ExperimentPlan plan(Frame train, ExperimentSpec spec, JobSpec job) {
    return ExperimentPlan.of(train, spec, job.finalModel());
  }

  /** How many fit units a job has, known without reading data: k (+ 1 for the final model) for k-fold cv, else 1. */
  public static int units(JobSpec job) {
    return job.validation().cvFolds() > 0 ? job.validation().cvFolds() + (job.finalModel() ? 1 : 0) : 1;
  }
}
