package dev.trainyard.ps.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ps.PsFixture;
import dev.trainyard.rpc.v1.InitKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link PsClient#createTableIfAbsent}: workers of a distributed run all create the run's tables;
 * racing creates of the same table succeed and leave the spec's values; another layout under the
 * same name is an error naming the table.
 */
class CreateIfAbsentTest {
  private static PsFixture ps;

  @BeforeAll
  static void start() {
    ps = PsFixture.start(2);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    ps.close();
  }

  private static PsClient client() {
    return PsClient.connect(ps.client.targets(), PsFixture.options());
  }

  @Test
  void racingCreatesOfTheSameTableAllSucceedWithTheSameValues() throws Exception {
    TableSpec spec = TableSpec.dense("race/w/0", "race/w", 10, 4).withInit(InitKind.NORMAL, 0.5, 7);
    int racers = 4;
    CyclicBarrier go = new CyclicBarrier(racers);
    List<CompletableFuture<float[]>> racing = new ArrayList<>();
    for (int i = 0; i < racers; i++) {
      racing.add(CompletableFuture.supplyAsync(() -> {
        try (PsClient c = client()) {
          go.await();
          c.createTableIfAbsent(spec);
          float[] values = new float[40];
          c.pull(spec.name(), 0, 10, values);
          return values;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    float[] first = racing.get(0).join();
    for (CompletableFuture<float[]> r : racing) {
      assertThat(r.join()).containsExactly(first);
    }
    assertThat(first).as("normal initial values, not zeros").isNotEqualTo(new float[40]);
    ps.client.dropTable(spec.name());
  }

  @Test
  void anExistingTableOfAnotherLayoutIsAnErrorNamingTheTable() {
    try (PsClient a = client(); PsClient b = client()) {
      a.createTableIfAbsent(TableSpec.dense("layout/w/0", "layout/w", 10, 4));
      assertThatThrownBy(() -> b.createTableIfAbsent(TableSpec.dense("layout/w/0", "layout/w", 12, 4)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("table 'layout/w/0' already exists on shard " + a.targets().get(0) + " with a different layout:"
              + " 5 rows of 4 floats on that shard, job 'layout/w'; this client needs 6 rows of 4 floats on that"
              + " shard, job 'layout/w'");
      assertThatThrownBy(() -> b.createTableIfAbsent(TableSpec.dense("layout/w/0", "another/w", 10, 4)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("job 'layout/w'; this client needs 5 rows of 4 floats on that shard, job 'another/w'");
      a.dropTable("layout/w/0");
    }
  }

  @Test
  void aRefusalForAnotherReasonIsRethrown() {
    TableSpec bad = TableSpec.dense("bad/w/0", "bad/w", 10, 4).withOptimizer("nope", java.util.Map.of());
    assertThatThrownBy(() -> ps.client.createTableIfAbsent(bad)).isInstanceOf(PsException.class)
        .hasMessageContaining("optimizer must be one of");
  }
}
