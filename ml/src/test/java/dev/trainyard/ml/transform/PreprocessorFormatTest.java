package dev.trainyard.ml.transform;

import static dev.trainyard.ml.transform.PreprocessorTest.cat;
import static dev.trainyard.ml.transform.PreprocessorTest.num;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.CategoricalColumn;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.TextColumn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreprocessorFormatTest {
  private static final Frame TRAIN = Frame.of(List.of(
      num("age", 31.7f, Float.NaN, 45.2f, 27.9f),
      cat("color", List.of("red", "blü", "x=y"), 0, 1, CategoricalColumn.MISSING, 2),
      new TextColumn("note", new String[] {"a", "b", "c", "d"}),
      num("h", 1.25f, 1.5f, 1.75f, 2f)));
  private static final List<String> FEATURES = List.of("age", "color", "note", "h");

  @Test
  void aPreprocessorReadBackIsEqualAndEncodesIdentically() throws IOException {
    for (Encoding e : Encoding.values()) {
      for (Scaling s : Scaling.values()) {
        Preprocessor p = Preprocessor.fit(TRAIN, FEATURES, new PreprocessOptions(e, s));

        byte[] bytes = write(p);
        Preprocessor back = read(bytes);

        assertThat(back).isEqualTo(p);
        assertThat(write(back)).isEqualTo(bytes);
        assertSameMatrix(back.apply(TRAIN), p.apply(TRAIN));
        assertThat(back.ignoredColumns()).containsExactly("note");
      }
    }
  }

  @Test
  void readingLeavesTheStreamRightAfterThePreprocessor() throws IOException {
    Preprocessor p = Preprocessor.fit(TRAIN, FEATURES, PreprocessOptions.forLinearModels());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    p.writeTo(out);
    out.writeUTF("model body follows");

    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    Preprocessor.readFrom(in);

    assertThat(in.readUTF()).isEqualTo("model body follows");
  }

  @Test
  void dataThatIsNotAPreprocessorIsRejected() {
    byte[] junk = {1, 2, 3, 4, 5, 6, 7, 8};

    assertThatThrownBy(() -> read(junk))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("not a Trainyard preprocessor: bad header 0x1020304");
  }

  @Test
  void anUnknownFormatVersionIsRejected() throws IOException {
    byte[] bytes = write(Preprocessor.fit(TRAIN, FEATURES, PreprocessOptions.forTrees()));
    bytes[7] = 9;

    assertThatThrownBy(() -> read(bytes))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("preprocessor format version must be 1, was 9");
  }

  @Test
  void aTruncatedPreprocessorFailsWithEndOfFile() throws IOException {
    byte[] bytes = write(Preprocessor.fit(TRAIN, FEATURES, PreprocessOptions.forTrees()));

    assertThatThrownBy(() -> read(Arrays.copyOf(bytes, bytes.length - 3))).isInstanceOf(EOFException.class);
  }

  @Test
  void describeGivesPlainValuesForDisplay() {
    Preprocessor p = Preprocessor.fit(TRAIN, FEATURES, PreprocessOptions.forLinearModels());

    Map<String, Object> d = p.describe();

    assertThat(d).containsEntry("encoding", "one_hot").containsEntry("scaling", "standardize")
        .containsEntry("ignored", List.of("note"))
        .containsEntry("outputs", List.of("age", "color=red", "color=blü", "color=x=y", "h"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> inputs = (List<Map<String, Object>>) d.get("inputs");
    assertThat(inputs).hasSize(3);
    assertThat(inputs.get(1)).containsEntry("column", "color").containsEntry("type", "categorical")
        .containsEntry("levels", List.of("red", "blü", "x=y")).containsEntry("mode", "red");
    assertThat(inputs.get(2)).containsEntry("type", "numeric").containsEntry("mean", 1.625)
        .containsEntry("center", 1.625).containsEntry("scaling", "standardize");
  }

  private static byte[] write(Preprocessor p) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    p.writeTo(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static Preprocessor read(byte[] bytes) throws IOException {
    return Preprocessor.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));
  }

  private static void assertSameMatrix(FeatureMatrix a, FeatureMatrix b) {
    assertThat(a.names()).isEqualTo(b.names());
    for (int j = 0; j < a.cols(); j++) {
      assertThat(a.column(j)).isEqualTo(b.column(j));
    }
  }
}
