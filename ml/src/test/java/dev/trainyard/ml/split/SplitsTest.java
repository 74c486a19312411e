package dev.trainyard.ml.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SplitsTest {

  @Test
  void trainTestCoversEveryRowExactlyOnceWithTheRoundedTestSize() {
    Split s = Splits.trainTest(101, 0.25, 7);

    assertThat(s.testSize()).isEqualTo(25);
    assertThat(s.trainSize()).isEqualTo(76);
    assertPartition(s, 101);
    assertThat(s.test()).isSorted();
    assertThat(s.train()).isSorted();
  }

  @Test
  void theSameSeedGivesTheSameSplitAndAnotherSeedADifferentOne() {
    Split a = Splits.trainTest(1000, 0.2, 42);
    Split b = Splits.trainTest(1000, 0.2, 42);
    Split c = Splits.trainTest(1000, 0.2, 43);

    assertThat(a.test()).isEqualTo(b.test());
    assertThat(a.test()).isNotEqualTo(c.test());
  }

  @Test
  void tinyTestFractionsStillLeaveOneRowOnEachSide() {
    assertThat(Splits.trainTest(3, 0.01, 1).testSize()).isEqualTo(1);
    assertThat(Splits.trainTest(3, 0.99, 1).testSize()).isEqualTo(2);
  }

  @Test
  void testFractionOutsideTheOpenUnitIntervalIsRejected() {
    assertThatThrownBy(() -> Splits.trainTest(10, 1.5, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("test fraction must be greater than 0 and less than 1, was 1.5");
    assertThatThrownBy(() -> Splits.trainTest(10, 0, 1))
        .hasMessage("test fraction must be greater than 0 and less than 1, was 0");
    assertThatThrownBy(() -> Splits.trainTest(10, Double.NaN, 1))
        .hasMessage("test fraction must be greater than 0 and less than 1, was NaN");
  }

  @Test
  void fewerThanTwoRowsCannotBeSplit() {
    assertThatThrownBy(() -> Splits.trainTest(1, 0.5, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("rows must be at least 2 to split, was 1");
  }

  @Test
  void stratifiedTrainTestKeepsEachClassShareOfTheTestSet() {
    int[] codes = codes(60, 30, 10);

    Split s = Splits.stratifiedTrainTest(codes, 0.2, 3);

    assertPartition(s, 100);
    assertThat(s.testSize()).isEqualTo(20);
    assertThat(countByClass(codes, s.test(), 3)).containsExactly(12, 6, 2);
  }

  @Test
  void stratifiedTrainTestApportionsLeftoverRowsToTheLargestRemainders() {
    // 10 rows, 3 test rows: exact shares 1.5, 0.9, 0.6 -> floors 1, 0, 0 -> leftovers to 0.9 and 0.6.
    int[] codes = codes(5, 3, 2);

    Split s = Splits.stratifiedTrainTest(codes, 0.3, 11);

    assertThat(countByClass(codes, s.test(), 3)).containsExactly(1, 1, 1);
  }

  @Test
  void negativeClassCodesAreRejectedWithTheRow() {
    assertThatThrownBy(() -> Splits.stratifiedTrainTest(new int[] {0, 1, -1, 0}, 0.5, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("class codes must not be negative, was -1 at row 2");
  }

  @Test
  void kFoldTestSetsPartitionTheRowsWithSizesDifferingByAtMostOne() {
    List<Split> folds = Splits.kFold(23, 5, 9);

    assertThat(folds).hasSize(5);
    int[] all = folds.stream().flatMapToInt(f -> Arrays.stream(f.test())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, 23).toArray());
    for (Split f : folds) {
      assertPartition(f, 23);
      assertThat(f.testSize()).isBetween(4, 5);
    }
  }

  @Test
  void foldCountsOutsideTwoToRowsAreRejected() {
    assertThatThrownBy(() -> Splits.kFold(10, 1, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("folds must be between 2 and 10, was 1");
    assertThatThrownBy(() -> Splits.kFold(10, 11, 1))
        .hasMessage("folds must be between 2 and 10, was 11");
  }

  @Test
  void stratifiedFoldsMatchTheClassProportionsWithinOneRowPerClass() {
    int[] codes = codes(50, 33, 17, 7);
    int n = codes.length;
    int k = 5;

    List<Split> folds = Splits.stratifiedKFold(codes, k, 2024);

    int[] whole = countByClass(codes, IntStream.range(0, n).toArray(), 4);
    int[] all = folds.stream().flatMapToInt(f -> Arrays.stream(f.test())).sorted().toArray();
    assertThat(all).isEqualTo(IntStream.range(0, n).toArray());
    for (Split f : folds) {
      assertPartition(f, n);
      assertThat(f.testSize()).isBetween(n / k, n / k + 1);
      int[] inFold = countByClass(codes, f.test(), 4);
      for (int c = 0; c < 4; c++) {
        assertThat((double) inFold[c]).isCloseTo(whole[c] / (double) k, org.assertj.core.data.Offset.offset(1.0));
      }
    }
  }

  @Test
  void stratifiedFoldsAreReproducibleFromTheSeed() {
    int[] codes = codes(20, 20);

    assertThat(Splits.stratifiedKFold(codes, 4, 5).get(2).test())
        .isEqualTo(Splits.stratifiedKFold(codes, 4, 5).get(2).test())
        .isNotEqualTo(Splits.stratifiedKFold(codes, 4, 6).get(2).test());
  }

  @Test
  void stratifiedFoldsCannotOutnumberTheSmallestClass() {
    assertThatThrownBy(() -> Splits.stratifiedKFold(codes(10, 3, 8), 5, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("folds must not exceed the number of rows of the smallest class (3), was 5");
  }

  @Test
  void classCodesThatNeverOccurDoNotCountAsTheSmallestClass() {
    int[] codes = {0, 0, 2, 2, 0, 2};

    assertThat(Splits.stratifiedKFold(codes, 3, 1)).hasSize(3);
  }

  private static int[] codes(int... countPerClass) {
    return IntStream.range(0, countPerClass.length)
        .flatMap(c -> IntStream.range(0, countPerClass[c]).map(i -> c))
        .toArray();
  }

  private static int[] countByClass(int[] codes, int[] rows, int k) {
    int[] counts = new int[k];
    for (int r : rows) {
      counts[codes[r]]++;
    }
    return counts;
  }

  private static void assertPartition(Split s, int n) {
    int[] both = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.test())).sorted().toArray();
    assertThat(both).isEqualTo(IntStream.range(0, n).toArray());
  }
}
