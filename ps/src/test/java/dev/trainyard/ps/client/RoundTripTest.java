package dev.trainyard.ps.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ps.PsFixture;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.InitKind;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pull/push through two real shards on loopback, checked against the same updates done locally. */
class RoundTripTest {
  private static final String JOB = "job-1";

  @Test
  void densePushesAcrossTwoShardsApplySgdToEveryRow() throws Exception {
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(TableSpec.dense("w", JOB, 7, 3).withOptimizer("sgd", Map.of("learning_rate", 0.5)));
      ps.client.registerWorker(JOB, 0, 1, Consistency.ASP, 0);
      float[] grad = new float[4 * 3];
      for (int i = 0; i < grad.length; i++) {
        grad[i] = i + 1;
      }
      ps.client.push("w", 0, 2, 6, grad);
      float[] all = new float[7 * 3];
      ps.client.pull("w", 0, 7, all);
      for (int i = 0; i < all.length; i++) {
        float expected = i >= 6 && i < 18 ? -0.5f * (i - 6 + 1) : 0f;
        assertThat(all[i]).as("value %d", i).isEqualTo(expected);
      }
      assertThat(ps.client.stats()).extracting(s -> s.getTables(0).getSize()).containsExactly(4L, 3L);
    }
  }

  @Test
  void seededInitialValuesDoNotDependOnTheShardCount() throws Exception {
    TableSpec spec = TableSpec.dense("w", JOB, 9, 4).withInit(InitKind.NORMAL, 0.1, 42);
    float[] one = new float[36];
    float[] two = new float[36];
    try (PsFixture ps = PsFixture.start(1)) {
      ps.client.createTable(spec);
      ps.client.pull("w", 0, 9, one);
    }
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(spec);
      ps.client.pull("w", 0, 9, two);
    }
    assertThat(two).containsExactly(one);
    assertThat(one).doesNotContain(0f);
  }

  @Test
  void sparsePushesReachTheShardOwningEachKeyAndZeroRowsAreNotSent() throws Exception {
    try (PsFixture ps = PsFixture.start(2, PsFixture.options().withGzip(true))) {
      ps.client.createTable(TableSpec.sparse("emb", JOB, 0, 1000, 2)
          .withOptimizer("sgd", Map.of("learning_rate", 1.0)));
      ps.client.registerWorker(JOB, 0, 1, Consistency.ASP, 0);
      long[] keys = {999, 3, 500, 499, 7};
      float[] grad = {1, 2, -3, -4, 0, 0, 5, 6, 7, 8};
      ps.client.pushSparse("emb", 0, keys, grad);
      long[] read = {7, 3, 499, 500, 999, 123};
      float[] out = new float[12];
      ps.client.pullSparse("emb", read, out);
      assertThat(out).containsExactly(-7, -8, 3, 4, -5, -6, 0, 0, -1, -2, 0, 0);
      assertThat(ps.client.stats()).extracting(s -> s.getTables(0).getSize()).containsExactly(3L, 1L);
    }
  }

  @Test
  void aPushOfTwoMillionFloatsIsChunkedUnderTheMessageLimit() throws Exception {
    try (PsFixture ps = PsFixture.start(2)) {
      int rows = 2000;
      int cols = 1000;
      ps.client.createTable(TableSpec.dense("big", JOB, rows, cols).withOptimizer("sgd", Map.of("learning_rate", 1.0)));
      ps.client.registerWorker(JOB, 0, 1, Consistency.ASP, 0);
      float[] grad = new float[rows * cols];
      SplittableRandom r = new SplittableRandom(1);
      for (int i = 0; i < grad.length; i++) {
        grad[i] = (float) r.nextDouble();
      }
      ps.client.push("big", 0, 0, rows, grad);
      float[] out = new float[rows * cols];
      ps.client.pull("big", 0, rows, out);
      for (int i = 0; i < out.length; i++) {
        if (out[i] != -grad[i]) {
          throw new AssertionError("value " + i + " is " + out[i] + ", expected " + -grad[i]);
        }
      }
      assertThat(ps.client.stats()).extracting(s -> s.getTables(0).getStep()).containsExactly(1L, 1L);
    }
  }

  @Test
  void severalThreadsShareOneClient() throws Exception {
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(TableSpec.dense("w", JOB, 10, 1).withOptimizer("sgd", Map.of("learning_rate", 1.0)));
      int workers = 4;
      int pushes = 50;
      Thread[] threads = new Thread[workers];
      for (int w = 0; w < workers; w++) {
        ps.client.registerWorker(JOB, w, workers, Consistency.ASP, 0);
      }
      for (int w = 0; w < workers; w++) {
        int worker = w;
        threads[w] = new Thread(() -> {
          float[] ones = new float[10];
          java.util.Arrays.fill(ones, 1f);
          for (int i = 0; i < pushes; i++) {
            ps.client.push("w", worker, 0, 10, ones);
          }
        });
        threads[w].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      float[] out = new float[10];
      ps.client.pull("w", 0, 10, out);
      assertThat(out).containsOnly(-(float) (workers * pushes));
    }
  }

  @Test
  void gzipCompressedDenseRoundTripsGiveTheSameValues() throws Exception {
    try (PsFixture ps = PsFixture.start(2, PsFixture.options().withGzip(true).withChunkFloats(1000))) {
      ps.client.createTable(TableSpec.dense("w", JOB, 300, 10).withInit(InitKind.UNIFORM, 1, 5));
      float[] out = new float[3000];
      ps.client.pull("w", 0, 300, out);
      try (PsClient plain = PsClient.connect(ps.client.targets(), PsFixture.options())) {
        plain.attach(TableSpec.dense("w", JOB, 300, 10));
        float[] again = new float[3000];
        plain.pull("w", 0, 300, again);
        assertThat(again).containsExactly(out);
      }
    }
  }

  @Test
  void theClientRejectsWhatItCanCheckItselfBeforeCallingAShard() throws Exception {
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(TableSpec.dense("w", JOB, 10, 2));
      assertThatThrownBy(() -> ps.client.pull("nope", 0, 1, new float[2])).isInstanceOf(InvalidInputException.class)
          .hasMessage("table 'nope' is unknown to this client; create or attach it first");
      assertThatThrownBy(() -> ps.client.push("w", 0, 0, 2, new float[3])).isInstanceOf(InvalidInputException.class)
          .hasMessage("grad must hold rows * cols = 2 * 2 = 4 floats, holds 3");
      assertThatThrownBy(() -> ps.client.pull("w", 8, 11, new float[6])).isInstanceOf(InvalidInputException.class)
          .hasMessage("rows [8, 11) must be a non-empty range within [0, 10)");
      assertThatThrownBy(() -> ps.client.pullSparse("w", new long[] {1}, new float[2]))
          .isInstanceOf(InvalidInputException.class).hasMessage("table 'w' is dense; use pull and push");
      assertThatThrownBy(() -> ps.client.clock(JOB, 0)).isInstanceOf(InvalidInputException.class)
          .hasMessage("worker 0 of job 'job-1' must be registered by this client first");
    }
  }

  @Test
  void aShardRefusalReachesTheCallerAsPsExceptionWithCodeAndDescription() throws Exception {
    try (PsFixture ps = PsFixture.start(2)) {
      ps.client.createTable(TableSpec.dense("w", JOB, 10, 1));
      ps.client.registerWorker(JOB, 0, 2, Consistency.ASP, 0);
      assertThatThrownBy(() -> ps.client.push("w", 1, 0, 10, new float[10]))
          .isInstanceOfSatisfying(PsException.class, e -> {
            assertThat(e.code()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo("worker 1 is not registered for job 'job-1'");
          });
    }
  }
}
