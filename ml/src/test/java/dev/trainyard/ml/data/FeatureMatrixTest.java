package dev.trainyard.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureMatrixTest {
  @Test
  void requireFiniteNamesTheFirstNonFiniteValueColumnByColumn() {
    FeatureMatrix x = new FeatureMatrix(List.of("a", "b"),
        new float[][] {{1, 2, 3}, {4, Float.POSITIVE_INFINITY, Float.NaN}}, 3);

    assertThatThrownBy(x::requireFinite)
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("features must be finite (impute missing values first), column 'b' row 1 is Infinity");
  }

  @Test
  void requireFiniteReturnsAFiniteMatrixItself() {
    FeatureMatrix x = new FeatureMatrix(List.of("a"), new float[][] {{1, -2, 0}}, 3);

    assertThat(x.requireFinite()).isSameAs(x);
  }
}
