package dev.trainyard.ps.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import org.junit.jupiter.api.Test;

class PartitionerTest {
  @Test
  void rangesAreContiguousCoverEverythingAndDifferByAtMostOne() {
    Partitioner p = Partitioner.contiguous(10, 21, 3);
    assertThat(p.range(0)).isEqualTo(new Partitioner.Range(10, 14));
    assertThat(p.range(1)).isEqualTo(new Partitioner.Range(14, 18));
    assertThat(p.range(2)).isEqualTo(new Partitioner.Range(18, 21));
  }

  @Test
  void everyKeyBelongsToThePartWhoseRangeHoldsIt() {
    for (int parts = 1; parts <= 7; parts++) {
      Partitioner p = Partitioner.contiguous(-5, 38, parts);
      for (long k = -5; k < 38; k++) {
        Partitioner.Range r = p.range(p.partOf(k));
        assertThat(k).isBetween(r.begin(), r.end() - 1);
      }
    }
  }

  @Test
  void splitCutsARangeAtPartBoundaries() {
    Partitioner p = Partitioner.contiguous(0, 10, 2);
    assertThat(p.split(3, 8)).containsExactly(new Partitioner.Piece(0, 3, 5), new Partitioner.Piece(1, 5, 8));
    assertThat(p.split(6, 7)).containsExactly(new Partitioner.Piece(1, 6, 7));
  }

  @Test
  void hugeKeyRangesDoNotOverflow() {
    Partitioner p = Partitioner.contiguous(0, Long.MAX_VALUE, 3);
    assertThat(p.range(2).end()).isEqualTo(Long.MAX_VALUE);
    assertThat(p.partOf(Long.MAX_VALUE - 1)).isEqualTo(2);
  }

  @Test
  void aRangeSmallerThanThePartCountIsRejected() {
    assertThatThrownBy(() -> Partitioner.contiguous(0, 1, 2)).isInstanceOf(InvalidInputException.class)
        .hasMessage("key range [0, 1) must hold at least one key per part (2), holds 1");
  }
}
