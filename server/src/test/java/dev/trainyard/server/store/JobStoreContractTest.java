package dev.trainyard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.cluster.store.DatasetRecord;
import dev.trainyard.cluster.store.EventRecord;
import dev.trainyard.cluster.store.JobQuery;
import dev.trainyard.cluster.store.JobRecord;
import dev.trainyard.cluster.store.JobStatus;
import dev.trainyard.cluster.store.JobStore;
import dev.trainyard.cluster.store.MetricPoint;
import dev.trainyard.cluster.store.ModelRecord;
import dev.trainyard.cluster.store.StoreUnavailableException;
import dev.trainyard.cluster.store.TaskRecord;
import dev.trainyard.cluster.store.TaskState;
import dev.trainyard.common.InvalidInputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link JobStore} contract, run against every implementation. {@link #newStore()} opens a store on
 * this test's own empty database; calling it again opens another store on the same database.
 */
abstract class JobStoreContractTest {
  /** Microsecond precision is what the contract keeps; the fixtures use it so round trips are exact. */
  protected static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456Z");

  protected JobStore store;

  /** A store on this test's database (the same one each time it is called within a test). */
  protected abstract JobStore newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  private static Instant t(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static JobRecord job(String id, String owner, JobStatus status, Instant created) {
    JobRecord queued = JobRecord.queued(id, owner, "forest", "ds-1", "normal", "{\"trees\":10}", created);
    return switch (status) {
      case QUEUED -> queued;
      case RUNNING -> queued.running(created.plusSeconds(1));
      case SUCCEEDED -> queued.running(created.plusSeconds(1)).succeeded(created.plusSeconds(2), "{}", Optional.empty());
      case FAILED, CANCELLED -> queued.ended(status, created.plusSeconds(2), "stopped");
    };
  }

  private static DatasetRecord dataset(String id, String owner, String sha, Instant created) {
    return new DatasetRecord(id, owner, "iris.csv", sha, 4_551, "csv", created);
  }

  private static ModelRecord model(String id, String owner, Instant created) {
    return new ModelRecord(id, owner, "job-" + id, "forest", id + ".tym", "{\"accuracy\":0.97}", created);
  }

  private static List<String> ids(List<JobRecord> jobs) {
    return jobs.stream().map(JobRecord::id).toList();
  }

  // --- datasets

  @Test
  void aDatasetRoundTripsEveryField() {
    DatasetRecord d = new DatasetRecord("ds-1", "ada", "Données ☃ 数据.csv.gz", "ab".repeat(32), 9_876_543_210L,
        "csv.gz", T0);
    store.insertDataset(d);

    assertThat(store.dataset("ds-1")).contains(d);
    assertThat(store.dataset("ds-2")).isEmpty();
  }

  @Test
  void datasetByHashFindsOnlyTheOwnersCopyWhileAnyDatasetByHashFindsEveryOwners() {
    DatasetRecord adas = dataset("ds-a", "ada", "h1", t(0));
    store.insertDataset(adas);
    store.insertDataset(dataset("ds-b", "bob", "h2", t(1)));

    assertThat(store.datasetByHash("ada", "h1")).contains(adas);
    assertThat(store.datasetByHash("bob", "h1")).isEmpty();
    assertThat(store.datasetByHash("ada", "h3")).isEmpty();
    assertThat(store.anyDatasetByHash("h1")).contains(adas);
    assertThat(store.anyDatasetByHash("h3")).isEmpty();
  }

  @Test
  void datasetsAreListedNewestFirstForOneOwnerOrForEveryone() {
    store.insertDataset(dataset("ds-1", "ada", "h1", t(0)));
    store.insertDataset(dataset("ds-3", "bob", "h3", t(2)));
    store.insertDataset(dataset("ds-2", "ada", "h2", t(1)));

    assertThat(store.datasets(Optional.of("ada"))).extracting(DatasetRecord::id).containsExactly("ds-2", "ds-1");
    assertThat(store.datasets(Optional.empty())).extracting(DatasetRecord::id)
        .containsExactly("ds-3", "ds-2", "ds-1");
    assertThat(store.datasets(Optional.of("carol"))).isEmpty();
  }

  // --- jobs

  @Test
  void aQueuedJobRoundTripsWithItsEmptyOptionals() {
    JobRecord j = JobRecord.queued("job-1", "ada", "logistic", "ds-1", "high", "{\"epochs\":3}", T0);
    store.insertJob(j);

    JobRecord back = store.job("job-1").orElseThrow();
    assertThat(back).isEqualTo(j);
    assertThat(back.startedAt()).isEmpty();
    assertThat(back.finishedAt()).isEmpty();
    assertThat(back.error()).isEmpty();
    assertThat(back.resultJson()).isEmpty();
    assertThat(back.modelId()).isEmpty();
    assertThat(store.job("job-2")).isEmpty();
  }

  @Test
  void aJobWithEveryFieldSetRoundTrips() {
    JobRecord j = new JobRecord("job-1", "ada", "forest", "ds-9", "low", "{\"trees\":100}", JobStatus.FAILED, t(0),
        Optional.of(t(1)), Optional.of(t(2)), Optional.of("worker w1 lost"), Optional.of("{\"partial\":true}"),
        Optional.of("model-7"), 0.625);
    store.insertJob(j);

    assertThat(store.job("job-1")).contains(j);
  }

  @Test
  void instantsAreKeptToTheMicrosecond() {
    Instant precise = Instant.parse("2026-03-01T10:15:30.123456789Z");
    store.insertJob(JobRecord.queued("job-1", "ada", "forest", "ds-1", "normal", "{}", precise));

    assertThat(store.job("job-1").orElseThrow().createdAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30.123456Z"));
  }

  @Test
  void updateJobReplacesEveryFieldOfTheStoredJob() {
    JobRecord queued = JobRecord.queued("job-1", "ada", "forest", "ds-1", "normal", "{}", t(0));
    store.insertJob(queued);
    JobRecord done = queued.running(t(1)).withProgress(0.5).succeeded(t(2), "{\"accuracy\":0.9}",
        Optional.of("model-1"));

    assertThat(store.updateJob(done)).isTrue();
    assertThat(store.job("job-1")).contains(done);
    assertThat(store.updateJob(done.ended(JobStatus.CANCELLED, t(3), "by ada"))).isTrue();
    assertThat(store.job("job-1").orElseThrow().error()).contains("by ada");
  }

  @Test
  void updateJobOfAnUnknownIdReturnsFalseAndStoresNothing() {
    assertThat(store.updateJob(job("nobody", "ada", JobStatus.RUNNING, t(0)))).isFalse();
    assertThat(store.job("nobody")).isEmpty();
    assertThat(store.jobs(JobQuery.all())).isEmpty();
  }

  @Test
  void insertingAJobIdTwiceFailsWithTheDatabaseErrorNotAsUnavailable() {
    store.insertJob(job("job-1", "ada", JobStatus.QUEUED, t(0)));

    assertThatThrownBy(() -> store.insertJob(job("job-1", "bob", JobStatus.QUEUED, t(1))))
        .isNotInstanceOf(StoreUnavailableException.class)
        .isInstanceOf(RuntimeException.class);
    assertThat(store.job("job-1").orElseThrow().owner()).isEqualTo("ada");
  }

  @Test
  void jobsAreListedNewestFirstThenByIdDescending() {
    store.insertJob(job("job-a", "ada", JobStatus.QUEUED, t(0)));
    store.insertJob(job("job-c", "ada", JobStatus.QUEUED, t(5)));
    store.insertJob(job("job-b", "ada", JobStatus.QUEUED, t(5)));
    store.insertJob(job("job-d", "ada", JobStatus.QUEUED, t(3)));

    assertThat(ids(store.jobs(JobQuery.all()))).containsExactly("job-c", "job-b", "job-d", "job-a");
  }

  @Test
  void jobsAreFilteredByOwnerByStatusAndByBoth() {
    store.insertJob(job("j1", "ada", JobStatus.RUNNING, t(1)));
    store.insertJob(job("j2", "bob", JobStatus.RUNNING, t(2)));
    store.insertJob(job("j3", "ada", JobStatus.SUCCEEDED, t(3)));
    store.insertJob(job("j4", "ada", JobStatus.RUNNING, t(4)));

    assertThat(ids(store.jobs(JobQuery.all().ofOwner("ada")))).containsExactly("j4", "j3", "j1");
    assertThat(ids(store.jobs(JobQuery.all().inStatus(JobStatus.RUNNING)))).containsExactly("j4", "j2", "j1");
    assertThat(ids(store.jobs(JobQuery.all().ofOwner("ada").inStatus(JobStatus.RUNNING))))
        .containsExactly("j4", "j1");
    assertThat(store.jobs(JobQuery.all().ofOwner("bob").inStatus(JobStatus.FAILED))).isEmpty();
  }

  @Test
  void jobsArePagedWithLimitAndOffset() {
    for (int i = 0; i < 7; i++) {
      store.insertJob(job("job-" + i, "ada", JobStatus.QUEUED, t(i)));
    }

    assertThat(ids(store.jobs(new JobQuery(Optional.empty(), Optional.empty(), 3, 0))))
        .containsExactly("job-6", "job-5", "job-4");
    assertThat(ids(store.jobs(new JobQuery(Optional.empty(), Optional.empty(), 3, 3))))
        .containsExactly("job-3", "job-2", "job-1");
    assertThat(ids(store.jobs(new JobQuery(Optional.of("ada"), Optional.empty(), 3, 6)))).containsExactly("job-0");
    assertThat(store.jobs(new JobQuery(Optional.empty(), Optional.empty(), 3, 7))).isEmpty();
  }

  @Test
  void anOwnerFilterThatLooksLikeSqlInjectionMatchesNothingAndBreaksNothing() {
    store.insertJob(job("j1", "ada", JobStatus.QUEUED, t(1)));
    store.insertJob(job("j2", "bob", JobStatus.QUEUED, t(2)));

    assertThat(store.jobs(JobQuery.all().ofOwner("x' OR '1'='1"))).isEmpty();
    assertThat(store.jobs(JobQuery.all().ofOwner("x'; DROP TABLE jobs; --"))).isEmpty();
    assertThat(store.datasets(Optional.of("x' OR '1'='1"))).isEmpty();
    assertThat(store.job("' OR '1'='1")).isEmpty();

    assertThat(ids(store.jobs(JobQuery.all()))).containsExactly("j2", "j1");
    store.insertJob(job("j3", "x' OR '1'='1", JobStatus.QUEUED, t(3)));
    assertThat(ids(store.jobs(JobQuery.all().ofOwner("x' OR '1'='1")))).containsExactly("j3");
  }

  @Test
  void unfinishedJobsAreTheQueuedAndRunningOnesOldestFirst() {
    store.insertJob(job("running-late", "ada", JobStatus.RUNNING, t(5)));
    store.insertJob(job("done", "ada", JobStatus.SUCCEEDED, t(0)));
    store.insertJob(job("queued-early", "bob", JobStatus.QUEUED, t(1)));
    store.insertJob(job("failed", "ada", JobStatus.FAILED, t(2)));
    store.insertJob(job("cancelled", "ada", JobStatus.CANCELLED, t(3)));
    store.insertJob(job("queued-mid", "ada", JobStatus.QUEUED, t(4)));

    assertThat(ids(store.unfinishedJobs())).containsExactly("queued-early", "queued-mid", "running-late");
  }

  @Test
  void aLargeSpecResultAndEventBodyRoundTrip() {
    String big = "{\"blob\":\"" + "0123456789abcdef".repeat(200_000) + "\"}";
    JobRecord j = job("job-1", "ada", JobStatus.QUEUED, t(0));
    store.insertJob(new JobRecord(j.id(), j.owner(), j.algorithm(), j.datasetId(), j.priority(), big, j.status(),
        j.createdAt(), j.startedAt(), j.finishedAt(), j.error(), Optional.of(big), j.modelId(), j.progress()));
    store.appendEvent("job-1", t(1), "log", big);

    JobRecord back = store.job("job-1").orElseThrow();
    assertThat(back.specJson()).isEqualTo(big);
    assertThat(back.resultJson()).contains(big);
    assertThat(store.events("job-1", 0, 10)).singleElement().extracting(EventRecord::json).isEqualTo(big);
  }

  // --- tasks

  @Test
  void aTaskRoundTripsAndAnUpsertReplacesIt() {
    TaskRecord queued = TaskRecord.queued("job-1", "t-1", "trees");
    store.upsertTask(queued);
    assertThat(store.tasks("job-1")).containsExactly(queued);

    TaskRecord started = queued.started("worker-3", 2, t(1));
    store.upsertTask(started);
    assertThat(store.tasks("job-1")).containsExactly(started);

    TaskRecord failed = started.finished(TaskState.FAILED, t(2), Optional.of("out of memory"));
    store.upsertTask(failed);
    assertThat(store.tasks("job-1")).containsExactly(failed);
    assertThat(failed.worker()).contains("worker-3");
    assertThat(failed.attempts()).isEqualTo(2);
  }

  @Test
  void tasksAreOrderedByTaskIdAndBelongToTheirJob() {
    store.upsertTask(TaskRecord.queued("job-1", "t-2", "fit"));
    store.upsertTask(TaskRecord.queued("job-2", "t-1", "fit"));
    store.upsertTask(TaskRecord.queued("job-1", "T-3", "fit"));
    store.upsertTask(TaskRecord.queued("job-1", "t-1", "fit"));

    assertThat(store.tasks("job-1")).extracting(TaskRecord::taskId).containsExactly("T-3", "t-1", "t-2");
    assertThat(store.tasks("job-2")).extracting(TaskRecord::taskId).containsExactly("t-1");
    assertThat(store.tasks("job-3")).isEmpty();
  }

  // --- events

  @Test
  void eventsAreNumberedFromOnePerJobAndRoundTrip() {
    assertThat(store.appendEvent("job-1", t(1), "status", "{\"status\":\"running\"}")).isEqualTo(1);
    assertThat(store.appendEvent("job-2", t(2), "log", "{}")).isEqualTo(1);
    assertThat(store.appendEvent("job-1", t(3), "progress", "{\"progress\":0.5}")).isEqualTo(2);

    assertThat(store.events("job-1", 0, 100)).containsExactly(
        new EventRecord("job-1", 1, t(1), "status", "{\"status\":\"running\"}"),
        new EventRecord("job-1", 2, t(3), "progress", "{\"progress\":0.5}"));
    assertThat(store.events("job-3", 0, 100)).isEmpty();
  }

  @Test
  void eventsAfterASeqComeInOrderAndAtMostMax() {
    for (int i = 1; i <= 10; i++) {
      store.appendEvent("job-1", t(i), "progress", "{\"i\":" + i + "}");
    }

    assertThat(store.events("job-1", 3, 4)).extracting(EventRecord::seq).containsExactly(4L, 5L, 6L, 7L);
    assertThat(store.events("job-1", 8, 100)).extracting(EventRecord::seq).containsExactly(9L, 10L);
    assertThat(store.events("job-1", 10, 100)).isEmpty();
    assertThat(store.events("job-1", 0, 0)).isEmpty();
  }

  @Test
  void aNegativeEventMaxIsRejectedNamingTheRule() {
    assertThatThrownBy(() -> store.events("job-1", 0, -1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("max must be between 0 and 2147483647, was -1");
  }

  @Test
  void concurrentAppendersToOneJobGetExactlyTheSeqsOneToTwoHundred() throws Exception {
    int threads = 4;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        int writer = w;
        Callable<List<Long>> appender = () -> {
          start.await();
          List<Long> seqs = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            seqs.add(store.appendEvent("job-1", t(i), "log", "{\"writer\":" + writer + ",\"i\":" + i + "}"));
          }
          return seqs;
        };
        futures.add(pool.submit(appender));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        List<Long> seqs = f.get(2, TimeUnit.MINUTES);
        assertThat(seqs).isSorted();
        all.addAll(seqs);
      }

      List<Long> expected = LongStream.rangeClosed(1, threads * perThread).boxed().toList();
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(store.events("job-1", 0, 1_000)).extracting(EventRecord::seq).containsExactlyElementsOf(expected);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  // --- metrics

  @Test
  void metricsComeOrderedBySeriesThenStepAndBelongToTheirJob() {
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 2, 0.5), new MetricPoint("job-1", "fold 2/5 loss", 1,
        0.9), new MetricPoint("job-2", "loss", 1, 7)));
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 1, 0.75), new MetricPoint("job-1", "loss", 10, 0.25)));

    assertThat(store.metrics("job-1")).containsExactly(
        new MetricPoint("job-1", "fold 2/5 loss", 1, 0.9),
        new MetricPoint("job-1", "loss", 1, 0.75),
        new MetricPoint("job-1", "loss", 2, 0.5),
        new MetricPoint("job-1", "loss", 10, 0.25));
    assertThat(store.metrics("job-2")).containsExactly(new MetricPoint("job-2", "loss", 1, 7));
    assertThat(store.metrics("job-3")).isEmpty();
  }

  @Test
  void aMetricReportedAgainForTheSameStepKeepsTheLatestValue() {
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 1, 0.9), new MetricPoint("job-1", "loss", 2, 0.8)));
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 2, 0.7), new MetricPoint("job-1", "loss", 3, 0.6),
        new MetricPoint("job-1", "loss", 3, 0.5)));

    assertThat(store.metrics("job-1")).extracting(MetricPoint::value).containsExactly(0.9, 0.7, 0.5);
  }

  @Test
  void nonFiniteMetricValuesRoundTrip() {
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 1, Double.NaN),
        new MetricPoint("job-1", "loss", 2, Double.POSITIVE_INFINITY),
        new MetricPoint("job-1", "loss", 3, Double.NEGATIVE_INFINITY)));

    assertThat(store.metrics("job-1")).extracting(MetricPoint::value)
        .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  }

  @Test
  void addingNoMetricsStoresNothing() {
    store.addMetrics(List.of());

    assertThat(store.metrics("job-1")).isEmpty();
  }

  // --- models

  @Test
  void aModelRoundTripsEveryField() {
    ModelRecord m = new ModelRecord("model-1", "ada", "job-1", "softmax", "model-1.tym",
        "{\"accuracy\":0.971,\"f1\":[0.9,0.95]}", T0);
    store.insertModel(m);

    assertThat(store.model("model-1")).contains(m);
    assertThat(store.model("model-2")).isEmpty();
  }

  @Test
  void modelsAreListedNewestFirstForOneOwnerOrForEveryone() {
    store.insertModel(model("m1", "ada", t(0)));
    store.insertModel(model("m2", "bob", t(1)));
    store.insertModel(model("m3", "ada", t(2)));

    assertThat(store.models(Optional.of("ada"))).extracting(ModelRecord::id).containsExactly("m3", "m1");
    assertThat(store.models(Optional.empty())).extracting(ModelRecord::id).containsExactly("m3", "m2", "m1");
    assertThat(store.models(Optional.of("x' OR '1'='1"))).isEmpty();
  }

  // --- lifecycle

  @Test
  void aStoreReopenedOnTheSameDatabaseSeesTheEarlierDataAndMigratesAgainHarmlessly() {
    store.insertDataset(dataset("ds-1", "ada", "h1", t(0)));
    store.insertJob(job("job-1", "ada", JobStatus.RUNNING, t(1)));
    store.upsertTask(TaskRecord.queued("job-1", "t-1", "trees"));
    store.appendEvent("job-1", t(2), "status", "{}");
    store.addMetrics(List.of(new MetricPoint("job-1", "loss", 1, 0.5)));
    store.insertModel(model("m1", "ada", t(3)));
    store.close();

    store = newStore();

    assertThat(store.dataset("ds-1")).isPresent();
    assertThat(ids(store.unfinishedJobs())).containsExactly("job-1");
    assertThat(store.tasks("job-1")).hasSize(1);
    assertThat(store.metrics("job-1")).hasSize(1);
    assertThat(store.model("m1")).isPresent();
    assertThat(store.appendEvent("job-1", t(4), "status", "{}")).isEqualTo(2);
  }

  @Test
  void aClosedStoreRefusesCallsAsAProgrammingErrorNotAsUnavailable() {
    store.close();

    assertThatThrownBy(() -> store.job("job-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("is closed");
    store.close();
  }

  // --- users, sessions, tokens, shares, audit (the auth store lives in the same database)

  private dev.trainyard.server.auth.AuthStore auth() {
    return ((JdbcJobStore) store).auth();
  }

  @Test
  void usersAreUniqueByNameAndUpdatedInPlace() {
    var ada = new dev.trainyard.server.auth.AuthStore.User("ada", dev.trainyard.server.auth.Role.RESEARCHER,
        "$2a$04$hash", false, T0);

    assertThat(auth().insertUser(ada)).isTrue();
    assertThat(auth().insertUser(ada)).isFalse();
    assertThat(auth().updateUser(new dev.trainyard.server.auth.AuthStore.User("ada",
        dev.trainyard.server.auth.Role.VIEWER, "$2a$04$other", true, T0))).isTrue();

    assertThat(auth().user("ada")).hasValueSatisfying(u -> {
      assertThat(u.role()).isEqualTo(dev.trainyard.server.auth.Role.VIEWER);
      assertThat(u.passwordHash()).isEqualTo("$2a$04$other");
      assertThat(u.disabled()).isTrue();
      assertThat(u.createdAt()).isEqualTo(T0);
    });
    assertThat(auth().userCount()).isEqualTo(1);
    assertThat(auth().user("ADA")).isEmpty();
  }

  @Test
  void sessionsAreFoundByHashAndEndedOneByOneOrAllForAUser() {
    auth().insertSession(new dev.trainyard.server.auth.AuthStore.Session("h1", "ada", "csrf1", T0, t(60)));
    auth().insertSession(new dev.trainyard.server.auth.AuthStore.Session("h2", "ada", "csrf2", T0, t(60)));
    auth().insertSession(new dev.trainyard.server.auth.AuthStore.Session("h3", "bob", "csrf3", T0, t(60)));

    assertThat(auth().session("h1")).hasValueSatisfying(x -> assertThat(x.expiresAt()).isEqualTo(t(60)));
    auth().deleteSession("h1");
    assertThat(auth().session("h1")).isEmpty();
    auth().deleteSessions("ada");
    assertThat(auth().session("h2")).isEmpty();
    assertThat(auth().session("h3")).isPresent();
    assertThat(auth().deleteExpiredSessions(t(59))).isZero();
    assertThat(auth().deleteExpiredSessions(t(60))).isEqualTo(1);
    assertThat(auth().session("h3")).isEmpty();
  }

  @Test
  void tokensAreRevokedOnceAndListedPerUserNewestFirst() {
    var t1 = new dev.trainyard.server.auth.AuthStore.Token("id1", "ada", "laptop", "s1", T0, Optional.of(t(99)),
        Optional.empty(), Optional.empty());
    var t2 = new dev.trainyard.server.auth.AuthStore.Token("id2", "ada", "ci", "s2", t(1), Optional.empty(),
        Optional.empty(), Optional.empty());
    auth().insertToken(t1);
    auth().insertToken(t2);

    auth().revokeToken("id1", t(5));
    auth().revokeToken("id1", t(9));
    auth().touchToken("id2", t(7));

    assertThat(auth().tokens(Optional.of("ada"))).extracting(x -> x.id()).containsExactly("id2", "id1");
    assertThat(auth().tokens(Optional.of("bob"))).isEmpty();
    assertThat(auth().tokenBySecretHash("s1")).hasValueSatisfying(x -> {
      assertThat(x.revokedAt()).contains(t(5));
      assertThat(x.expiresAt()).contains(t(99));
    });
    assertThat(auth().token("id2")).hasValueSatisfying(x -> assertThat(x.lastUsedAt()).contains(t(7)));
  }

  @Test
  void sharesAreSetOnceAndRemovedAndHostileTextIsStoredLiterally() {
    String hostile = "x' OR '1'='1";
    var s = new dev.trainyard.server.auth.AuthStore.Share("dataset", hostile, "bob", "ada", T0);

    assertThat(auth().insertShare(s)).isTrue();
    assertThat(auth().insertShare(s)).isFalse();
    assertThat(auth().isShared("dataset", hostile, "bob")).isTrue();
    assertThat(auth().isShared("dataset", "x", "bob")).isFalse();
    assertThat(auth().isShared("model", hostile, "bob")).isFalse();
    assertThat(auth().sharedWith("dataset", "bob")).containsExactly(hostile);
    assertThat(auth().shares("dataset", hostile)).extracting(x -> x.grantee()).containsExactly("bob");
    assertThat(auth().deleteShare("dataset", hostile, "bob")).isTrue();
    assertThat(auth().deleteShare("dataset", hostile, "bob")).isFalse();
  }

  @Test
  void theAuditLogIsNewestFirstWithLimitAndOffsetAndCutsLongText() {
    for (int i = 0; i < 5; i++) {
      auth().audit(t(i), "ada", "login", "ada", "n" + i, "127.0.0.1");
    }
    auth().audit(t(9), "ada", "user.create", "x".repeat(400), "d".repeat(3000), "r");

    var page = auth().auditLog(2, 1);
    assertThat(page).extracting(e -> e.detail()).containsExactly("n4", "n3");
    var newest = auth().auditLog(1, 0).get(0);
    assertThat(newest.target()).hasSize(255);
    assertThat(newest.detail()).hasSize(2000);
    assertThat(newest.at()).isEqualTo(t(9));
  }
}
