package dev.trainyard.server.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainyard.cluster.job.JobService;
import dev.trainyard.cluster.job.JobSpec;
import dev.trainyard.cluster.job.JobSpecParser;
import dev.trainyard.cluster.store.JobQuery;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/jobs}: submit, list, show, cancel, result and metrics of the caller's jobs; another
 * owner's job is answered as missing (404), never as forbidden. Thread-safe.
 */
final class JobRoutes {
  /** Job specs are small; a larger body is a mistake (e.g. a data file posted to the wrong place). */
  private static final int MAX_SPEC_BYTES = 1 << 20;

  private final JobStore store;
  private final JobService jobs;
  private final CallerResolver callers;
  private final dev.trainyard.cluster.data.DatasetRepository datasets;
  private final Access access;

  JobRoutes(ApiConfig c) {
    this.store = c.store();
    this.jobs = c.jobs();
    this.callers = c.callers();
    this.datasets = c.datasets();
    this.access = c.access();
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/jobs", this::submit);
    routes.get("/api/v1/jobs", this::list);
    routes.get("/api/v1/jobs/{id}", ctx -> json(ctx, 200, jobJson(ownedJob(ctx))));
    routes.post("/api/v1/jobs/{id}/cancel", this::cancel);
    routes.get("/api/v1/jobs/{id}/result", this::result);
    routes.get("/api/v1/jobs/{id}/metrics", ctx -> json(ctx, 200, ApiJson.metrics(store.metrics(ownedJob(ctx).id()))));
    routes.get("/api/v1/jobs/{id}/predictions", this::predictions);
  }

  /** The CSV a succeeded batch-prediction job wrote, streamed from disk. */
  private void predictions(Context ctx) throws IOException {
    JobRecord job = ownedJob(ctx);
    java.nio.file.Path file = datasets.predictionsFile(job.id());
    if (job.status() != JobStatus.SUCCEEDED || !java.nio.file.Files.exists(file)) {
      throw new ApiException(409, "job " + job.id() + " has no predictions (" + job.status().id()
          + "; only a succeeded predict job has them)");
    }
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"" + job.id() + "-predictions.csv\"");
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      in.transferTo(ctx.res().getOutputStream());
    }
  }

  /** The job named by the path if the caller may see it; NotFoundException otherwise. */
  JobRecord ownedJob(Context ctx) {
    return access.readJob(callers.resolve(ctx), ctx.pathParam("id"));
  }

  private void submit(Context ctx) throws IOException {
    Caller caller = callers.resolve(ctx);
    Access.requireCreate(caller, "submit jobs");
    JobSpec spec = JobSpecParser.parse(readJson(ctx));
    // the caller must be able to read what the job reads; 404 for another's unshared dataset or model
    access.readDataset(caller, spec.dataset());
    spec.model().ifPresent(m -> access.readModel(caller, m));
    spec.validation().testDataset().ifPresent(d -> access.readDataset(caller, d));
    JobRecord job = jobs.submit(caller.owner(), spec);
    json(ctx, 201, jobJson(job));
  }

  /** The caller's jobs; an admin sees everyone's, or one user's with {@code ?owner=}. */
  private void list(Context ctx) {
    Caller caller = callers.resolve(ctx);
    Optional<JobStatus> status = Optional.ofNullable(ctx.queryParam("status")).map(JobRoutes::status);
    int limit = intParam(ctx, "limit", 50, 1, 1000);
    int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    Optional<String> owner = Optional.ofNullable(ctx.queryParam("owner")).filter(o -> !o.isBlank());
    if (!caller.isAdmin()) {
      if (owner.isPresent() && !caller.owns(owner.get())) {
        throw new ApiException(403, "only an admin may list another user's jobs");
      }
      owner = Optional.of(caller.owner());
    }
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    store.jobs(new JobQuery(owner, status, limit, offset)).forEach(j -> arr.add(ApiJson.jobSummary(j)));
    json(ctx, 200, arr);
  }

  private void cancel(Context ctx) {
    JobRecord job = access.changeJob(callers.resolve(ctx), ctx.pathParam("id"));
    json(ctx, 200, jobJson(jobs.cancel(job.id())));
  }

  private void result(Context ctx) {
    JobRecord job = ownedJob(ctx);
    String reason = job.error().orElse("no reason recorded");
    switch (job.status()) {
      case QUEUED, RUNNING -> throw new ApiException(409, "job " + job.id() + " is " + job.status().id()
          + " (no result yet)");
      case FAILED -> throw new ApiException(409, "job " + job.id() + " failed: " + reason);
      case CANCELLED -> throw new ApiException(409, "job " + job.id() + " was cancelled: " + reason);
      default -> { }
    }
    ObjectNode n = ApiJson.MAPPER.createObjectNode();
    n.put("job", job.id());
    n.put("status", job.status().id());
    n.put("model_id", job.modelId().orElse(null));
    n.set("result", job.resultJson().map(ApiJson::parseStored).orElse(ApiJson.MAPPER.createObjectNode()));
    json(ctx, 200, n);
  }

  private ObjectNode jobJson(JobRecord job) {
    return ApiJson.job(job, store.tasks(job.id()));
  }

  static JsonNode readJson(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > MAX_SPEC_BYTES) {
      throw new ApiException(413, "a job spec must be at most " + MAX_SPEC_BYTES + " bytes, was " + declared);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] body = in.readNBytes(MAX_SPEC_BYTES + 1);
      if (body.length > MAX_SPEC_BYTES) {
        throw new ApiException(413, "a job spec must be at most " + MAX_SPEC_BYTES + " bytes");
      }
      if (body.length == 0) {
        throw new InvalidInputException("the request body must be a JSON job spec; it was empty");
      }
      return ApiJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("malformed JSON: " + describe(e));
    }
  }

  /** Jackson's problem without its source excerpt: "Unexpected character ('}') at line 1, column 12". */
  static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String what = e.getOriginalMessage().replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)]",
        "line $1, column $2");
    int cut = what.indexOf('\n');
    return (cut > 0 ? what.substring(0, cut) : what) + where;
  }

  private static JobStatus status(String s) {
    try {
      return JobStatus.fromId(s);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("status must be one of " + Arrays.stream(JobStatus.values())
          .map(JobStatus::id).collect(Collectors.joining(", ")) + ", was '" + s + "'");
    }
  }

  static int intParam(Context ctx, String name, int dflt, int min, int max) {
    String v = ctx.queryParam(name);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the rule
    }
    throw new InvalidInputException(name + " must be an integer between " + min + " and " + max + ", was '" + v + "'");
  }

  static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType("application/json").result(ApiJson.write(body));
  }
}
