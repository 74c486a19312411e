package dev.trainyard.server.api;

import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.server.auth.AuthStore;

/**
 * Finds the resource a request names and applies {@link Caller}'s rules once for every route: a
 * resource the caller may not see is missing (404, so ids of others' things leak nothing), one it
 * sees but may not change is forbidden (403). Jobs are never shared; datasets and models can be.
 * Thread-safe.
 */
public final class Access {
  public static final String DATASET = "dataset";
  public static final String MODEL = "model";

  private final JobStore store;
  private final AuthStore auth;

  public Access(JobStore store, AuthStore auth) {
    this.store = store;
    this.auth = auth;
  }

  public DatasetRecord readDataset(Caller c, String id) {
    return store.dataset(id).filter(d -> c.canSee(d.owner(), shared(c, DATASET, id, d.owner())))
        .orElseThrow(() -> new NotFoundException("no dataset '" + id + "'"));
  }

  public DatasetRecord changeDataset(Caller c, String id) {
    DatasetRecord d = readDataset(c, id);
    requireChange(c, d.owner(), "dataset " + id);
    return d;
  }

  public ModelRecord readModel(Caller c, String id) {
    return store.model(id).filter(m -> c.canSee(m.owner(), shared(c, MODEL, id, m.owner())))
        .orElseThrow(() -> new NotFoundException("no model '" + id + "'"));
  }

  public ModelRecord changeModel(Caller c, String id) {
    ModelRecord m = readModel(c, id);
    requireChange(c, m.owner(), "model " + id);
    return m;
  }

  public JobRecord readJob(Caller c, String id) {
    return store.job(id).filter(j -> c.canSee(j.owner(), false))
        .orElseThrow(() -> new NotFoundException("no job '" + id + "'"));
  }

  public JobRecord changeJob(Caller c, String id) {
    JobRecord j = readJob(c, id);
    requireChange(c, j.owner(), "job " + id);
    return j;
  }

  /** 403 unless the caller may upload datasets and submit jobs. */
  public static void requireCreate(Caller c, String what) {
    if (!c.canCreate()) {
      throw new ApiException(403, "a " + c.role().id() + " cannot " + what);
    }
  }

  /** 403 unless the caller is an admin. */
  public static void requireAdmin(Caller c) {
    if (!c.isAdmin()) {
      throw new ApiException(403, "only an admin may do this");
    }
  }

  private static void requireChange(Caller c, String owner, String what) {
    if (!c.canChange(owner)) {
      throw new ApiException(403, what + " is shared with you read-only");
    }
  }

  private boolean shared(Caller c, String type, String id, String owner) {
    return !c.owns(owner) && !c.isAdmin() && auth.isShared(type, id, c.owner());
  }
}
