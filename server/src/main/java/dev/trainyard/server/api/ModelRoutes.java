package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.pipeline.InputSchema;
import dev.trainyard.ml.pipeline.ModelFile;
import dev.trainyard.ml.pipeline.PipelineModel;
import dev.trainyard.ml.pipeline.Predictions;
import dev.trainyard.server.auth.AuthStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/models}: the models a caller may see (their own and those shared with them; an
 * admin sees all, optionally one owner's), one model with its provenance and input schema, the model
 * file as a download, and online prediction. Predicting is a read: a viewer a model is shared with
 * may predict. Loaded models are kept in a small {@link ModelCache}. Thread-safe.
 */
final class ModelRoutes {
  /** Enough for {@value PredictionInput#MAX_ROWS} rows of a few hundred columns. */
  private static final int MAX_BODY_BYTES = 32 << 20;
  private static final int CACHED_MODELS = 8;

  private final JobStore store;
  private final DatasetRepository datasets;
  private final CallerResolver callers;
  private final Access access;
  private final AuthStore auth;
  private final ModelCache cache = new ModelCache(CACHED_MODELS);

  ModelRoutes(ApiConfig c) {
    this.store = c.store();
    this.datasets = c.datasets();
    this.callers = c.callers();
    this.access = c.access();
    this.auth = c.auth().service().store();
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/models", this::list);
    routes.get("/api/v1/models/{id}", this::get);
    routes.get("/api/v1/models/{id}/download", this::download);
    routes.post("/api/v1/models/{id}/predict", this::predict);
  }

  /**
   * Newest first: the caller's own models, then those shared with them; an admin sees every model, or
   * with {@code ?owner=} one owner's (bound as a query parameter, never spliced into SQL).
   */
  private void list(Context ctx) {
    Caller caller = callers.resolve(ctx);
    Optional<String> owner = Optional.ofNullable(ctx.queryParam("owner")).filter(o -> !o.isBlank())
        .map(Caller::checkName);
    List<ModelRecord> found;
    if (caller.isAdmin()) {
      found = store.models(owner);
    } else {
      if (owner.isPresent() && !caller.owns(owner.get())) {
        throw new ApiException(403, "only an admin may list another user's models");
      }
      found = new ArrayList<>();
      if (caller.canSee(caller.owner(), false)) {
        found.addAll(store.models(Optional.of(caller.owner())));
      }
      for (String id : auth.sharedWith(Access.MODEL, caller.owner())) {
        store.model(id).filter(m -> !caller.owns(m.owner())).ifPresent(found::add);
      }
      found.sort(Comparator.comparing(ModelRecord::createdAt).thenComparing(ModelRecord::id).reversed());
    }
    Map<String, Optional<JobRecord>> jobs = new LinkedHashMap<>();
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    for (ModelRecord m : found) {
      arr.add(summary(m, jobs.computeIfAbsent(m.jobId(), store::job)));
    }
    JobRoutes.json(ctx, 200, arr);
  }

  private ObjectNode summary(ModelRecord m, Optional<JobRecord> job) {
    ObjectNode n = ApiJson.model(m);
    n.set("provenance", provenance(job));
    return n;
  }

  /**
   * The dataset, label, parameters, seed and validation the job recorded; empty values when the job is
   * gone. The dataset's name is the one it had when the job read it (display names never change).
   */
  private ObjectNode provenance(Optional<JobRecord> job) {
    ObjectNode p = ApiJson.MAPPER.createObjectNode();
    JsonNode spec = job.map(j -> ApiJson.parseStored(j.specJson())).orElse(ApiJson.MAPPER.createObjectNode());
    String datasetId = job.map(JobRecord::datasetId).orElse(null);
    p.put("dataset_id", datasetId);
    p.put("dataset_name", datasetId == null ? null : store.dataset(datasetId).map(d -> d.name()).orElse(null));
    p.put("label", spec.path("label").isMissingNode() ? null : spec.path("label").asText());
    p.set("params", spec.path("params").isObject() ? spec.get("params") : ApiJson.MAPPER.createObjectNode());
    if (spec.path("seed").isNumber()) {
      p.put("seed", spec.get("seed").asLong());
    } else {
      p.putNull("seed");
    }
    p.set("validation", spec.path("validation").isObject() ? spec.get("validation") : ApiJson.MAPPER.createObjectNode());
    return p;
  }

  /**
   * The record, its provenance, and what the model file says: task, classes, label and input columns
   * (left out, with {@code file_missing: true}, when the file is gone from the data directory).
   */
  private void get(Context ctx) {
    ModelRecord m = access.readModel(callers.resolve(ctx), ctx.pathParam("id"));
    ObjectNode n = summary(m, store.job(m.jobId()));
    PipelineModel model;
    try {
      model = load(m);
    } catch (NotFoundException e) {
      n.put("file_missing", true);
      JobRoutes.json(ctx, 200, n);
      return;
    }
    ObjectNode p = (ObjectNode) n.get("provenance");
    p.put("version", model.provenance().version());
    p.put("dataset_hash", model.provenance().datasetHash());
    p.put("train_rows", model.provenance().trainRows());
    if (p.path("seed").isNull()) {
      p.put("seed", model.provenance().seed());
    }
    n.put("task", model.task().id());
    n.put("label", model.schema().label());
    ArrayNode classes = n.putArray("classes");
    model.classes().forEach(classes::add);
    ArrayNode inputs = n.putArray("input_columns");
    for (InputSchema.Field f : model.schema().fields()) {
      inputs.addObject().put("name", f.name()).put("type", f.type().id());
    }
    JobRoutes.json(ctx, 200, n);
  }

  /** The saved model file as stored, named after the model id (never after anything the caller sent). */
  private void download(Context ctx) throws IOException {
    ModelRecord m = access.readModel(callers.resolve(ctx), ctx.pathParam("id"));
    Path file = file(m);
    ctx.status(200);
    // a binary file has no charset; the servlet response would add Javalin's default one to contentType()
    ctx.res().setCharacterEncoding(null);
    ctx.res().setContentType("application/octet-stream");
    ctx.header("Content-Disposition", "attachment; filename=\"" + safeName(m.id()) + ".model\"");
    ctx.header("Content-Length", Long.toString(Files.size(file)));
    try (InputStream in = Files.newInputStream(file)) {
      in.transferTo(ctx.res().getOutputStream());
    }
  }

  private void predict(Context ctx) throws IOException {
    ModelRecord m = access.readModel(callers.resolve(ctx), ctx.pathParam("id"));
    JsonNode body = readBody(ctx);
    PipelineModel model = load(m);
    Frame rows = PredictionInput.parse(body, model.schema());
    Predictions p = model.predict(rows);
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("model", m.id());
    n.put("task", p.task().id());
    ArrayNode predictions = n.putArray("predictions");
    boolean classification = p.task() == Task.CLASSIFICATION;
    for (int i = 0; i < p.size(); i++) {
      if (classification) {
        predictions.add(p.label(i));
      } else {
        predictions.add(p.values()[i][0]);
      }
    }
    if (classification) {
      ArrayNode probabilities = n.putArray("probabilities");
      for (double[] row : p.values()) {
        ArrayNode r = probabilities.addArray();
        for (double v : row) {
          r.add(v);
        }
      }
      ArrayNode classes = n.putArray("classes");
      p.classes().forEach(classes::add);
    }
    JobRoutes.json(ctx, 200, n);
  }

  private static JsonNode readBody(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_BODY_BYTES) {
      throw new ApiException(413, "a prediction request must be at most " + MAX_BODY_BYTES + " bytes, was " + declared);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new ApiException(413, "a prediction request must be at most " + MAX_BODY_BYTES + " bytes");
    }
    if (body.length == 0) {
      throw new InvalidInputException("the request body must be a JSON object with \"rows\"; it was empty");
    }
    try {
      return ApiJson.MAPPER.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidInputException("malformed JSON: " + JobRoutes.describe(e));
    }
  }

  private PipelineModel load(ModelRecord m) {
    return cache.get(m.id() + "/" + m.file(), () -> ModelFile.load(file(m)));
  }

  /** The model's file; the stored name is ours ({@code <sha256>.model}), checked anyway before use. */
  private Path file(ModelRecord m) {
    if (!m.file().matches("[0-9a-f]{64}\\.model")) {
      throw new IllegalStateException("model " + m.id() + " has an unexpected file name in the store");
    }
    Path file = datasets.modelFile(m.file());
    if (!Files.isRegularFile(file)) {
      throw new NotFoundException("the file of model '" + m.id() + "' is missing from the data directory");
    }
    return file;
  }

  private static String safeName(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    if (s.isEmpty()) {
      throw new InvalidInputException("model id must not be empty");
    }
    return s;
  }
}
