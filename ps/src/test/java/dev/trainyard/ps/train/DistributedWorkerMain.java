package dev.trainyard.ps.train;

import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.pipeline.ExperimentSpec;
import dev.trainyard.ml.pipeline.PipelineModel;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A worker process of a distributed run, for multi-process tests: reads digits itself, prints
 * "ready", fits every unit of softmax ({@code holdout}: 20% held out; {@code cv}: 5 folds; seed 42)
 * as worker {@code w} through the shards (see {@link DistributedRuns#fitUnits}), printing "epoch N"
 * at each epoch end, writes the models' weights to the output file (per unit: count, then
 * float32s) and prints "done". Nothing reaches it but its arguments and the shards.
 *
 * <p>Arguments: {@code worker workers shard,shard,... consistency staleness runName maxWaitSeconds
 * holdout|cv outputFile}.
 */
public final class DistributedWorkerMain {
  private DistributedWorkerMain() {}

  public static void main(String[] args) throws IOException {
    DistributedPs d = DistributedRuns.ps(Integer.parseInt(args[0]), Integer.parseInt(args[1]),
        List.of(args[2].split(",")), args[3], Integer.parseInt(args[4]), DistributedRuns.prefix(args[5], 0),
        Duration.ofSeconds(Long.parseLong(args[6])));
    ExperimentSpec spec = args[7].equals("cv") ? DistributedRuns.digitsCv("softmax")
        : DistributedRuns.digits("softmax", Map.of());
    Frame digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    System.out.println("ready");
    List<PipelineModel> models = DistributedRuns.fitUnits(digits, spec, d, args[5],
        p -> System.out.println("epoch " + p.done()));
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(Path.of(args[8])))) {
      for (PipelineModel m : models) {
        float[] w = DistributedRuns.weights(m);
        out.writeInt(w.length);
        for (float v : w) {
          out.writeFloat(v);
        }
      }
    }
    System.out.println("done");
  }
}
