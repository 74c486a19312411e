package dev.trainyard.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
  private final Frame frame = Frame.of(List.of(
      new NumericColumn("x", new float[] {1, 2, 3, 4}),
      new CategoricalColumn("y", new int[] {0, 1, 0, 1}, List.of("yes", "no"))));

  @Test
  void rowViewsShareColumnsAndComposeIndexes() {
    Frame view = frame.rows(new int[] {3, 1});
    assertThat(view.rowCount()).isEqualTo(2);
    assertThat(view.numericValues(0)).containsExactly(4f, 2f);
    assertThat(view.column(0)).isSameAs(frame.column(0));
    Frame viewOfView = view.rows(new int[] {1});
    assertThat(viewOfView.numeric(0, 0)).isEqualTo(2f);
  }

  @Test
  void textLabelsBecomeAlphabeticalClasses() {
    Target.Classes t = Frames.classTarget(frame, "y");
    assertThat(t.classes()).containsExactly("no", "yes");
    assertThat(t.codes()).containsExactly(1, 0, 1, 0);
  }

  @Test
  void aSingleClassIsRejected() {
    assertThatThrownBy(() -> Frames.classTarget(frame.rows(new int[] {0, 2}), "y"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("label column 'y' has a single class ('yes'); classification needs at least two");
  }

  @Test
  void missingLabelColumnNamesTheColumns() {
    assertThatThrownBy(() -> Frames.classTarget(frame, "label"))
        .hasMessage("no column named 'label'; columns are: [x, y]");
  }

  @Test
  void categoricalFeaturesNeedEncoding() {
    assertThatThrownBy(() -> Frames.features(frame, "x"))
        .hasMessage("column 'y' is categorical; it needs encoding before it can be a feature");
  }

  @Test
  void numericFrameMemoryIsItsFloatSize() {
    assertThat(Frame.of(List.of(new NumericColumn("a", new float[1000]))).sizeBytes()).isEqualTo(4000);
  }
}
