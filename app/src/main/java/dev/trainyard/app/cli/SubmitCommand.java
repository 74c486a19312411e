package dev.trainyard.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.job.ResultJson;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code trainyard submit}: sends a training job to a coordinator, from a JSON spec file and/or the
 * same flags as {@code train} (flags win over the file's keys); local data files are uploaded once
 * (an identical dataset already on the server is reused). With {@code --wait} it follows the job's
 * progress and prints its result like {@code train}.
 */
@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Submit a training job to a Trainyard coordinator.",
        "The job is a JSON spec (SPEC.json) and/or flags; flags override the spec's keys."})
public final class SubmitCommand extends ClientCommand {
  @Parameters(arity = "0..1", paramLabel = "SPEC.json", description = "Job spec file (keys as in the API's job spec).")
  Path specFile;

  @Option(names = "--wait", description = "Follow the job until it ends, then print its result.")
  boolean waitForResult;

  @Option(names = "--json", description = "Print JSON: the job (or with --wait the result object, as 'train --json').")
  boolean json;

  @Option(names = "--data", paramLabel = "FILE", description = "Training data: CSV (.csv, .csv.gz) or LibSVM (.svm); uploaded unless already there.")
  Path data;

  @Option(names = "--label", paramLabel = "COL", description = "Label column (default: label).")
  String label;

  @Option(names = "--algo", paramLabel = "NAME", description = "Algorithm, e.g. random-forest, logistic, softmax (see 'trainyard algorithms').")
  String algorithm;

  @Option(names = {"--param", "-p"}, paramLabel = "KEY=VALUE", description = "Hyper-parameter (repeatable), e.g. trees=200.")
  Map<String, String> params = new LinkedHashMap<>();

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  TrainCommand.ValidationOptions validation;

  @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: 42).")
  Long seed;

  @Option(names = "--type", paramLabel = "COL=TYPE", description = "Column type: numeric, categorical or text (repeatable).")
  Map<String, String> types = new LinkedHashMap<>();

  @Option(names = "--separator", paramLabel = "CHAR", description = "CSV field separator (default ','); 'tab' for tab.")
  String separator;

  @Option(names = "--name", paramLabel = "NAME", description = "A name for the job.")
  String name;

  @Option(names = "--priority", paramLabel = "LEVEL", description = "low, normal (default) or high.")
  String priority;

  @Option(names = "--workers", paramLabel = "W", description = "Train data-parallel with W workers on parameter-server shards.")
  Integer workers;

  @Option(names = "--ps-shards", paramLabel = "K", description = "Parameter-server shards for the job.")
  Integer psShards;

  @Option(names = "--consistency", paramLabel = "MODEL", description = "bsp, ssp or asp (with --workers).")
  String consistency;

  @Option(names = "--staleness", paramLabel = "S", description = "SSP bound (with --consistency ssp).")
  Integer staleness;

  @Option(names = "--tasks", paramLabel = "N",
      description = "How many tasks a random forest unit (or a batch prediction) is split into.")
  Integer tasks;

  @Option(names = "--output", paramLabel = "FILE",
      description = "With --wait and --model: write the batch prediction's CSV to FILE.")
  Path output;

  @Option(names = "--model", paramLabel = "MODEL_ID",
      description = "Batch prediction: predict --data with this saved model (kind predict); fetch the CSV with"
          + " GET /api/v1/jobs/JOB/predictions.")
  String model;

  @Override
  protected int run(ApiClient api) {
    ObjectNode spec = readSpecFile();
    applyFlags(api, spec);
    if (output != null && (!waitForResult || !spec.path("kind").asText().equals("predict"))) {
      throw new InvalidInputException("--output needs --wait and a batch prediction (--model MODEL_ID)");
    }
    JsonNode job = api.postJson("/api/v1/jobs", spec);
    String id = job.path("id").asText();
    if (!waitForResult) {
      System.out.println(json ? job.toString() : id);
      return 0;
    }
    System.err.println("submitted job " + id);
    JobFollower follower = new JobFollower(api, System.err);
    JsonNode end = follower.follow(id);
    return printOutcome(api, id, end);
  }

  private int printOutcome(ApiClient api, String id, JsonNode job) {
    String status = job.path("status").asText();
    if (!status.equals("succeeded")) {
      String reason = job.path("error").asText("no reason recorded");
      System.err.println("job " + id + (status.equals("cancelled") ? " was cancelled: " : " failed: ") + reason);
      return CliErrors.INTERNAL;
    }
    JsonNode answer = api.get("/api/v1/jobs/" + id + "/result");
    if (output != null) {
      long bytes = api.download("/api/v1/jobs/" + id + "/predictions", output);
      System.err.println("wrote " + bytes + " bytes of predictions to " + output);
    }
    if (json) {
      try {
        System.out.println(ResultJson.MAPPER.writeValueAsString(answer.path("result")));
      } catch (IOException e) {
        throw new IllegalStateException("a JSON tree always serializes", e);
      }
    } else {
      ResultText.print(System.out, answer);
    }
    return 0;
  }

  private ObjectNode readSpecFile() {
    if (specFile == null) {
      return ApiClient.JSON.createObjectNode();
    }
    try {
      JsonNode n = ApiClient.JSON.readTree(Files.readString(specFile));
      if (n == null || !n.isObject()) {
        throw new InvalidInputException(specFile + " must hold one JSON object (a job spec)");
      }
      return (ObjectNode) n;
    } catch (NoSuchFileException e) {
      throw new NotFoundException("file not found: " + specFile);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException(specFile + " is not valid JSON: " + e.getOriginalMessage()
          .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]", "line $1, column $2")
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + specFile + ": " + e.getMessage(), e);
    }
  }

  private void applyFlags(ApiClient api, ObjectNode spec) {
    DatasetUploads uploads = new DatasetUploads(api, System.err);
    if (data != null) {
      spec.put("dataset", uploads.idFor(data));
    }
    if (model != null) {
      spec.put("kind", "predict");
      spec.put("model", model);
    }
    putIf(spec, "label", label);
    putIf(spec, "algorithm", algorithm);
    putIf(spec, "name", name);
    putIf(spec, "priority", priority);
    putIf(spec, "separator", separator);
    if (seed != null) {
      spec.put("seed", seed);
    }
    merge(spec, "params", params);
    merge(spec, "types", types);
    if (validation != null) {
      ObjectNode v = spec.putObject("validation");
      if (validation.cv != null) {
        v.put("cv", validation.cv);
      } else if (validation.test != null) {
        v.put("test_dataset", uploads.idFor(validation.test));
      } else if (validation.testFraction != null) {
        v.put("test_fraction", validation.testFraction);
      }
    }
    applyResources(spec);
  }

  private void applyResources(ObjectNode spec) {
    if (workers == null && psShards == null && consistency == null && staleness == null && tasks == null) {
      return;
    }
    JsonNode existing = spec.get("resources");
    ObjectNode r = existing instanceof ObjectNode o ? o : spec.putObject("resources");
    if (workers != null) {
      r.put("workers", workers);
    }
    if (psShards != null) {
      r.put("ps_shards", psShards);
    }
    putIf(r, "consistency", consistency);
    if (staleness != null) {
      r.put("staleness", staleness);
    }
    if (tasks != null) {
      r.put("tasks", tasks);
    }
  }

  private static void putIf(ObjectNode n, String key, String value) {
    if (value != null) {
      n.put(key, value);
    }
  }

  private static void merge(ObjectNode spec, String key, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    JsonNode existing = spec.get(key);
    ObjectNode target = existing instanceof ObjectNode o ? o : spec.putObject(key);
    values.forEach(target::put);
  }
}
