package dev.trainyard.ps.train;

import dev.trainyard.ps.PsFixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.pipeline.AlgorithmSpec;
import dev.trainyard.ml.pipeline.Algorithms;
import dev.trainyard.rpc.v1.Consistency;
import dev.trainyard.rpc.v1.JobStats;
import dev.trainyard.rpc.v1.StatsReply;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The boundary of distributed training: what {@link DistributedPs} accepts, which algorithms, who is behind. */
class DistributedPsTest {
  private static final List<String> SHARDS = List.of("127.0.0.1:7001", "127.0.0.1:7002");
  private static final RetryPolicy RETRY = RetryPolicy.NONE;

  private static DistributedPs ps(int worker, int workers, String consistency, int staleness, String prefix) {
    return new DistributedPs(worker, workers, SHARDS, consistency, staleness, prefix, RETRY, Duration.ofSeconds(5),
        PsFixture.SECRET);
  }

  @Test
  void everyBrokenRuleIsNamed() {
    assertThatThrownBy(() -> ps(0, 0, "bsp", 0, "j.u0.g1")).isInstanceOf(InvalidInputException.class)
        .hasMessage("workers must be between 1 and 100000, was 0");
    assertThatThrownBy(() -> ps(2, 2, "bsp", 0, "j.u0.g1")).isInstanceOf(InvalidInputException.class)
        .hasMessage("worker must be between 0 and workers - 1 = 1, was 2");
    assertThatThrownBy(() -> ps(0, 2, "eventual", 0, "j.u0.g1")).isInstanceOf(InvalidInputException.class)
        .hasMessage("consistency must be bsp, ssp or asp, was 'eventual'");
    assertThatThrownBy(() -> ps(0, 2, "ssp", -1, "j.u0.g1")).isInstanceOf(InvalidInputException.class)
        .hasMessage("staleness must be >= 0, was -1");
    assertThatThrownBy(() -> ps(0, 2, "bsp", 0, "j/u0")).isInstanceOf(InvalidInputException.class)
        .hasMessage("tablePrefix must be 1 to 100 letters, digits, '.', '_' or '-', was 'j/u0'");
    assertThatThrownBy(() -> ps(0, 2, "bsp", 0, "")).isInstanceOf(InvalidInputException.class)
        .hasMessage("tablePrefix must be 1 to 100 letters, digits, '.', '_' or '-', was ''");
    assertThatThrownBy(() -> new DistributedPs(0, 2, List.of(), "bsp", 0, "j", RETRY, Duration.ofSeconds(5),
        PsFixture.SECRET))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("shardAddresses must name at least one parameter-server shard");
    assertThatThrownBy(() -> new DistributedPs(0, 2, SHARDS, "bsp", 0, "j", RETRY, Duration.ZERO, PsFixture.SECRET))
        .isInstanceOf(InvalidInputException.class).hasMessage("maxWait must be positive, was PT0S");
  }

  @Test
  void consistencyIsCaseInsensitiveAndTheLayoutIsTheSameForEveryWorker() {
    DistributedPs a = ps(0, 2, "SSP", 2, "j-abc.u0.g1");
    DistributedPs b = ps(1, 2, "ssp", 2, "j-abc.u0.g1");
    assertThat(a.consistency()).isEqualTo("ssp");
    assertThat(a.model()).isEqualTo(Consistency.SSP);
    assertThat(a.jobId("weights")).isEqualTo("j-abc.u0.g1/weights");
    assertThat(a.description()).isEqualTo("2 worker processes, 2 shards, ssp s=2").isEqualTo(b.description());
  }

  @Test
  void alsTrainsDistributedUnderBspOnlyNamingTheRule() {
    AlgorithmSpec als = Algorithms.get("als");
    assertThat(PsTrainerSource.distributed(ps(0, 2, "bsp", 0, "j")).trainer(als, als.parse(Map.of()), Task.REGRESSION))
        .isInstanceOf(PsAlsTrainer.class);
    assertThatThrownBy(() -> PsTrainerSource.distributed(ps(0, 2, "ssp", 2, "j"))
        .trainer(als, als.parse(Map.of()), Task.REGRESSION))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("als on the parameter server needs bsp consistency, was ssp: each half-step must solve"
            + " against the other side's factors of the same iteration");
  }

  @Test
  void dropTablesRefusesAPrefixThatWouldMatchOtherJobs() {
    assertThatThrownBy(() -> PsTrainerSource.dropTables(SHARDS, "", PsFixture.SECRET)).isInstanceOf(InvalidInputException.class)
        .hasMessage("tablePrefix must be 1 to 100 letters, digits, '.', '_' or '-', was ''");
  }

  private static JobStats job(String id, Consistency c, int staleness, long... clocks) {
    JobStats.Builder b = JobStats.newBuilder().setJobId(id).setConsistency(c).setStaleness(staleness);
    for (long clock : clocks) {
      b.addClocks(clock);
    }
    return b.build();
  }

  @Test
  void thePeersBehindAreThoseBelowThisWorkersClockByMoreThanTheStaleness() {
    StatsReply shard = StatsReply.newBuilder()
        .addJobs(job("j.u0.g1/weights", Consistency.SSP, 2, 9, 7, 6, 9))
        .addJobs(job("j.u0.g1/epochs", Consistency.BSP, 0, 3, 3, 3, 2))
        .addJobs(job("j.u0.g1/other", Consistency.ASP, 0, 9, 0, 0, 0))
        .addJobs(job("j.u0.g10/weights", Consistency.BSP, 0, 0, 0, 0, 0))
        .addJobs(job("other/weights", Consistency.BSP, 0, 9, 0, 0, 0))
        .build();
    assertThat(PeerTimeoutException.behind(List.of(shard), ps(0, 4, "ssp", 2, "j.u0.g1"))).containsExactly(2, 3);
    assertThat(PeerTimeoutException.behind(List.of(shard), ps(1, 4, "ssp", 2, "j.u0.g1"))).containsExactly(3);
  }
}
