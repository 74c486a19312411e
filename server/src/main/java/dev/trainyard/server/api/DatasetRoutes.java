package dev.trainyard.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.trainyard.cluster.data.DatasetRepository;
import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.common.InvalidInputException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /api/v1/datasets}: uploads streamed from the request into the repository (raw body or a
 * multipart part named {@code file}), and the caller's datasets. Thread-safe.
 */
final class DatasetRoutes {
  private final JobStore store;
  private final DatasetRepository repository;
  private final CallerResolver callers;
  private final long maxBytes;
  private final Access access;
  private final dev.trainyard.server.auth.AuthStore shares;

  DatasetRoutes(ApiConfig c) {
    this.store = c.store();
    this.repository = c.datasets();
    this.callers = c.callers();
    this.maxBytes = c.maxUploadBytes();
    this.access = c.access();
    this.shares = c.auth().service().store();
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/datasets", this::upload);
    routes.get("/api/v1/datasets", this::list);
    routes.get("/api/v1/datasets/{id}", this::get);
  }

  private void upload(Context ctx) throws IOException {
    Caller caller = callers.resolve(ctx);
    Access.requireCreate(caller, "upload datasets");
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge();
    }
    String type = Optional.ofNullable(ctx.contentType()).orElse("").toLowerCase(Locale.ROOT);
    DatasetRecord d;
    if (type.startsWith("multipart/form-data")) {
      d = uploadMultipart(ctx, caller);
    } else {
      d = store(caller, ctx.queryParam("name"), ctx.req().getInputStream());
    }
    ctx.status(201).contentType("application/json").result(ApiJson.write(ApiJson.dataset(d)));
  }

  private DatasetRecord uploadMultipart(Context ctx, Caller caller) throws IOException {
    UploadedFile file;
    try {
      file = ctx.uploadedFile("file");
    } catch (Exception e) { // the servlet API throws ServletException undeclared through Kotlin
      throw multipartProblem(e);
    }
    if (file == null) {
      throw new InvalidInputException("a multipart upload needs a part named 'file'");
    }
    String name = Optional.ofNullable(ctx.queryParam("name")).filter(s -> !s.isBlank()).orElse(file.filename());
    try (InputStream in = file.content()) {
      return store(caller, name, in);
    }
  }

  /** Jetty refuses a part past the configured maximum ("max file size exceeded") or a broken body. */
  private RuntimeException multipartProblem(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("size exceeded") || m.contains("too large")) {
        return tooLarge();
      }
    }
    if (e instanceof RuntimeException r && !(e instanceof org.eclipse.jetty.http.BadMessageException)) {
      return r;
    }
    return new InvalidInputException("cannot read the multipart upload: it is not valid multipart/form-data");
  }

  private DatasetRecord store(Caller caller, String name, InputStream body) {
    CountingInputStream in = new CountingInputStream(body);
    try {
      return repository.upload(caller.owner(), displayName(name), in);
    } catch (InvalidInputException e) {
      if (in.count > maxBytes) {
        throw tooLarge();
      }
      throw e;
    } catch (UncheckedIOException e) {
      // the client went away or sent a broken body; nothing was stored
      throw new InvalidInputException("the upload was interrupted: " + e.getMessage());
    }
  }

  private ApiException tooLarge() {
    return new ApiException(413, "upload is larger than the limit of " + maxBytes + " bytes");
  }

  /** Only the last path segment of a submitted name, without control characters: a label, never a path. */
  static String displayName(String submitted) {
    String s = submitted == null ? "" : submitted.replace('\\', '/');
    s = s.substring(s.lastIndexOf('/') + 1).replaceAll("\\p{Cntrl}", "").strip();
    return s.isEmpty() || s.equals(".") || s.equals("..") ? "dataset.csv" : s;
  }

  private void list(Context ctx) {
    Caller caller = callers.resolve(ctx);
    String sha = ctx.queryParam("sha256");
    List<DatasetRecord> found;
    if (sha != null) {
      String hex = sha.toLowerCase(Locale.ROOT);
      if (!hex.matches("[0-9a-f]{64}")) {
        throw new InvalidInputException("sha256 must be 64 hexadecimal digits, was '" + sha + "'");
      }
      found = store.datasetByHash(caller.owner(), hex).map(List::of).orElse(List.of());
    } else {
      found = visible(caller, Optional.ofNullable(ctx.queryParam("owner")).filter(o -> !o.isBlank()));
    }
    ArrayNode arr = ApiJson.MAPPER.createArrayNode();
    found.forEach(d -> arr.add(ApiJson.dataset(d)));
    ctx.contentType("application/json").result(ApiJson.write(arr));
  }

  /** Own datasets then those shared with the caller, newest first; an admin sees all (or one owner's). */
  private List<DatasetRecord> visible(Caller caller, Optional<String> owner) {
    if (caller.isAdmin()) {
      return store.datasets(owner);
    }
    if (owner.isPresent() && !caller.owns(owner.get())) {
      throw new ApiException(403, "only an admin may list another user's datasets");
    }
    List<DatasetRecord> all = new java.util.ArrayList<>(caller.canCreate() ? store.datasets(Optional.of(caller.owner()))
        : List.of());
    for (String id : shares.sharedWith(Access.DATASET, caller.owner())) {
      store.dataset(id).ifPresent(all::add);
    }
    all.sort(java.util.Comparator.comparing(DatasetRecord::createdAt).reversed());
    return all;
  }

  private void get(Context ctx) {
    DatasetRecord d = access.readDataset(callers.resolve(ctx), ctx.pathParam("id"));
    ctx.contentType("application/json").result(ApiJson.write(ApiJson.dataset(d)));
  }

  /** Counts the bytes read, to tell an over-limit upload from other invalid ones. */
  private static final class CountingInputStream extends FilterInputStream {
    long count;

    CountingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
