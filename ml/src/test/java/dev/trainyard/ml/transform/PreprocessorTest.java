package dev.trainyard.ml.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.data.TextColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreprocessorTest {
  private static final float NA = Float.NaN;
  private static final int MISSING = CategoricalColumn.MISSING;
  private static final PreprocessOptions PLAIN_ONE_HOT = new PreprocessOptions(Encoding.ONE_HOT, Scaling.NONE);
  private static final PreprocessOptions PLAIN_ORDINAL = new PreprocessOptions(Encoding.ORDINAL, Scaling.NONE);

  @Test
  void missingNumbersBecomeTheTrainingMean() {
    Frame train = Frame.of(List.of(num("age", 1, NA, 3)));

    FeatureMatrix x = Preprocessor.fit(train, List.of("age"), PLAIN_ONE_HOT).apply(train);

    assertThat(x.column(0)).containsExactly(1f, 2f, 3f);
  }

  @Test
  void missingCategoriesBecomeTheTrainingMode() {
    Frame train = Frame.of(List.of(cat("color", List.of("red", "blue"), 0, 1, 1, MISSING)));

    FeatureMatrix x = Preprocessor.fit(train, List.of("color"), PLAIN_ORDINAL).apply(train);

    assertThat(x.column(0)).containsExactly(0f, 1f, 1f, 1f);
  }

  @Test
  void aTiedModeIsTheEarlierLevel() {
    Frame train = Frame.of(List.of(cat("color", List.of("red", "blue"), 1, 0, MISSING)));

    Preprocessor p = Preprocessor.fit(train, List.of("color"), PLAIN_ORDINAL);

    assertThat(((CategoricalTransform) p.columns().get(0)).mode()).isZero();
  }

  @Test
  void oneHotGivesOneIndicatorPerTrainingLevelNamedColumnEqualsLevel() {
    Frame train = Frame.of(List.of(
        num("age", 30, 40, 50), cat("color", List.of("red", "blue", "green"), 0, 1, 0), num("size", 1, 2, 3)));

    Preprocessor p = Preprocessor.fit(train, List.of("age", "color", "size"), PLAIN_ONE_HOT);
    FeatureMatrix x = p.apply(train);

    // "green" never occurs in the training rows, so it gets no indicator.
    assertThat(x.names()).containsExactly("age", "color=red", "color=blue", "size");
    assertThat(x.column(1)).containsExactly(1f, 0f, 1f);
    assertThat(x.column(2)).containsExactly(0f, 1f, 0f);
    assertThat(x.column(3)).containsExactly(1f, 2f, 3f);
  }

  @Test
  void ordinalGivesOneFeaturePerCategoricalColumn() {
    Frame train = Frame.of(List.of(num("age", 30, 40), cat("color", List.of("red", "blue"), 1, 0)));

    FeatureMatrix x = Preprocessor.fit(train, List.of("color", "age"), PLAIN_ORDINAL).apply(train);

    assertThat(x.names()).containsExactly("color", "age");
    assertThat(x.column(0)).containsExactly(1f, 0f);
  }

  @Test
  void anUnseenLevelIsAllZeroOneHotAndTheUnknownOrdinalAndLevelsMatchByText() {
    Frame train = Frame.of(List.of(cat("color", List.of("red", "blue"), 0, 1)));
    // Another file: its own level order, plus a level never seen in training.
    Frame test = Frame.of(List.of(cat("color", List.of("green", "blue", "red"), 0, 1, 2, MISSING)));

    FeatureMatrix oneHot = Preprocessor.fit(train, List.of("color"), PLAIN_ONE_HOT).apply(test);
    FeatureMatrix ordinal = Preprocessor.fit(train, List.of("color"), PLAIN_ORDINAL).apply(test);

    assertThat(oneHot.column(0)).containsExactly(0f, 0f, 1f, 1f);
    assertThat(oneHot.column(1)).containsExactly(0f, 1f, 0f, 0f);
    assertThat(ordinal.column(0)).containsExactly(CategoricalTransform.UNKNOWN_ORDINAL, 1f, 0f, 0f);
  }

  @Test
  void aCategoryReadAsNumbersOrTextIsMatchedByItsText() {
    Frame train = Frame.of(List.of(cat("zone", List.of("1", "2", "x"), 0, 1, 2, 1)));
    Frame numeric = Frame.of(List.of(num("zone", 2, 1, 3, NA)));
    Frame text = Frame.of(List.of(new TextColumn("zone", new String[] {"x", null, "y"})));

    Preprocessor p = Preprocessor.fit(train, List.of("zone"), PLAIN_ORDINAL);

    assertThat(p.apply(numeric).column(0)).containsExactly(1f, 0f, -1f, 1f);
    assertThat(p.apply(text).column(0)).containsExactly(2f, 1f, -1f);
  }

  @Test
  void statisticsComeFromTheTrainingRowsOnlyAndAreNeverRefitted() {
    Frame all = Frame.of(List.of(num("v", 1, 3, 100, NA), cat("c", List.of("a", "b"), 0, 0, 1, MISSING)));
    Frame train = all.rows(new int[] {0, 1});
    Frame test = all.rows(new int[] {3, 2});

    Preprocessor p = Preprocessor.fit(train, List.of("v", "c"), PLAIN_ONE_HOT);
    FeatureMatrix x = p.apply(test);

    assertThat(x.names()).containsExactly("v", "c=a");
    assertThat(x.column(0)).containsExactly(2f, 100f);
    assertThat(x.column(1)).containsExactly(1f, 0f);
  }

  @Test
  void applyingAViewGathersItsRowsInOrderWithRepeats() {
    Frame all = Frame.of(List.of(num("v", 10, 20, 30, 40), cat("c", List.of("a", "b"), 0, 1, 0, 1)));
    Preprocessor p = Preprocessor.fit(all, List.of("v", "c"), PLAIN_ONE_HOT);

    FeatureMatrix x = p.apply(all.rows(new int[] {3, 0, 3}).rows(new int[] {2, 1}));

    assertThat(x.rows()).isEqualTo(2);
    assertThat(x.column(0)).containsExactly(40f, 10f);
    assertThat(x.column(2)).containsExactly(1f, 0f);
  }

  @Test
  void standardizedTrainingColumnsHaveMeanZeroAndStdOne() {
    Frame train = Frame.of(List.of(num("v", 1, 2, 3, 4, NA)));

    Preprocessor p = Preprocessor.fit(train, List.of("v"), new PreprocessOptions(Encoding.ONE_HOT, Scaling.STANDARDIZE));
    float[] z = p.apply(train).column(0);

    // mean 2.5, population std sqrt(1.25); the missing row becomes the mean, i.e. 0.
    double s = Math.sqrt(1.25);
    assertThat(z[0]).isCloseTo((float) (-1.5 / s), within(1e-6f));
    assertThat(z[3]).isCloseTo((float) (1.5 / s), within(1e-6f));
    assertThat(z[4]).isZero();
    NumericTransform t = (NumericTransform) p.columns().get(0);
    assertThat(t.center()).isEqualTo(2.5);
    assertThat(t.divisor()).isCloseTo(s, within(1e-12));
  }

  @Test
  void aConstantColumnStandardizesToZeroAndKeepsUnitDivisor() {
    Frame train = Frame.of(List.of(num("k", 5, 5, 5)));
    Frame test = Frame.of(List.of(num("k", 5, 7)));

    Preprocessor p = Preprocessor.fit(train, List.of("k"), new PreprocessOptions(Encoding.ONE_HOT, Scaling.STANDARDIZE));

    assertThat(p.apply(train).column(0)).containsExactly(0f, 0f, 0f);
    assertThat(p.apply(test).column(0)).containsExactly(0f, 2f);
  }

  @Test
  void minMaxMapsTheTrainingRangeToZeroOneAndExtendsLinearlyBeyondIt() {
    Frame train = Frame.of(List.of(num("v", 2, 4, 6)));
    Frame test = Frame.of(List.of(num("v", 8, 0, NA)));

    Preprocessor p = Preprocessor.fit(train, List.of("v"), new PreprocessOptions(Encoding.ONE_HOT, Scaling.MINMAX));

    assertThat(p.apply(train).column(0)).containsExactly(0f, 0.5f, 1f);
    assertThat(p.apply(test).column(0)).containsExactly(1.5f, -0.5f, 0.5f);
  }

  @Test
  void scalingLeavesOneHotIndicatorsAndOrdinalCodesAlone() {
    Frame train = Frame.of(List.of(cat("c", List.of("a", "b", "c"), 0, 1, 2)));

    FeatureMatrix oneHot = Preprocessor.fit(train, List.of("c"), PreprocessOptions.forLinearModels()).apply(train);
    FeatureMatrix ordinal = Preprocessor.fit(train, List.of("c"),
        new PreprocessOptions(Encoding.ORDINAL, Scaling.MINMAX)).apply(train);

    assertThat(oneHot.column(0)).containsExactly(1f, 0f, 0f);
    assertThat(ordinal.column(0)).containsExactly(0f, 1f, 2f);
  }

  @Test
  void textColumnsAreIgnoredAndListedAndNotRequiredLater() {
    Frame train = Frame.of(List.of(num("v", 1, 2), new TextColumn("note", new String[] {"hi", "yo"})));

    Preprocessor p = Preprocessor.fit(train, List.of("note", "v"), PLAIN_ONE_HOT);

    assertThat(p.ignoredColumns()).containsExactly("note");
    assertThat(p.inputColumns()).containsExactly("v");
    assertThat(p.apply(Frame.of(List.of(num("v", 9)))).column(0)).containsExactly(9f);
  }

  @Test
  void aMissingInputColumnAtApplyTimeIsNamed() {
    Frame train = Frame.of(List.of(num("age", 1, 2), cat("color", List.of("r"), 0, 0), num("h", 1, 1)));
    Preprocessor p = Preprocessor.fit(train, List.of("age", "color", "h"), PLAIN_ONE_HOT);

    assertThatThrownBy(() -> p.apply(train.drop("age")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("missing feature column 'age'");
    assertThatThrownBy(() -> p.apply(train.drop("age").drop("color")))
        .hasMessage("missing feature columns 'age', 'color'");
  }

  @Test
  void aNumericColumnThatTurnedCategoricalIsRejected() {
    Preprocessor p = Preprocessor.fit(Frame.of(List.of(num("age", 1, 2))), List.of("age"), PLAIN_ONE_HOT);

    assertThatThrownBy(() -> p.apply(Frame.of(List.of(cat("age", List.of("old"), 0)))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("feature column 'age' was numeric when the preprocessor was fitted, but is categorical");
  }

  @Test
  void fittingValidatesTheFeatureListAndTheTrainingRows() {
    Frame f = Frame.of(List.of(num("a", 1, 2), num("gone", NA, NA), new TextColumn("t", new String[] {"x", "y"})));

    assertThatThrownBy(() -> Preprocessor.fit(f, List.of(), PLAIN_ONE_HOT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("feature columns must not be empty");
    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("a", "a"), PLAIN_ONE_HOT))
        .hasMessage("feature column 'a' is listed twice");
    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("a", "b"), PLAIN_ONE_HOT))
        .hasMessage("missing feature column 'b'");
    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("t"), PLAIN_ONE_HOT))
        .hasMessage("no usable feature columns: text columns are ignored, and all of [t] are text");
    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("a", "gone"), PLAIN_ONE_HOT))
        .hasMessage("feature column 'gone' has no values in the training rows");
    assertThatThrownBy(() -> Preprocessor.fit(f.rows(new int[0]), List.of("a"), PLAIN_ONE_HOT))
        .hasMessage("training frame must have at least 1 row, was 0");
  }

  @Test
  void infiniteTrainingValuesAreRejectedWithTheirRow() {
    Frame f = Frame.of(List.of(num("a", 1, Float.POSITIVE_INFINITY)));

    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("a"), PLAIN_ONE_HOT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("feature column 'a' must hold finite numbers, was Infinity at row 1");
  }

  @Test
  void anEntirelyMissingCategoricalColumnIsRejected() {
    Frame f = Frame.of(List.of(cat("c", List.of("a"), MISSING, MISSING)));

    assertThatThrownBy(() -> Preprocessor.fit(f, List.of("c"), PLAIN_ONE_HOT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("feature column 'c' has no values in the training rows");
  }

  static NumericColumn num(String name, float... values) {
    return new NumericColumn(name, values);
  }

  static Column cat(String name, List<String> levels, int... codes) {
    return new CategoricalColumn(name, codes, levels);
  }
}
