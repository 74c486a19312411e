package dev.trainyard.ml.data;

import static dev.trainyard.ml.data.FrameAssertions.assertSameFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.TestDatasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameShardsTest {
  @TempDir Path dir;

  @Test
  void splitGivesContiguousShardsSharingSchemaAndDictionaries() throws IOException {
    Frame f = CsvReader.read(MixedCsv.write(dir.resolve("m.csv"), 103, 3), CsvOptions.defaults());
    List<Frame> shards = Frames.split(f, 4);
    assertThat(shards).extracting(Frame::rowCount).containsExactly(25, 26, 26, 26);
    for (Frame s : shards) {
      assertThat(s.names()).isEqualTo(f.names());
      for (int j = 0; j < f.columnCount(); j++) {
        assertThat(s.column(j)).isSameAs(f.column(j));
      }
    }
    assertThat(shards.get(1).physicalRow(0)).isEqualTo(25);
  }

  @Test
  void concatOfSplitIsTheFrame() throws IOException {
    Frame digits = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    Frame mixed = CsvReader.read(MixedCsv.write(dir.resolve("m.csv"), 300, 5), CsvOptions.defaults());
    for (Frame f : List.of(digits, mixed)) {
      for (int k : new int[] {1, 2, 3, 7}) {
        assertSameFrame(Frames.concat(Frames.split(f, k)), f);
      }
    }
  }

  @Test
  void shardsWrittenAsFilesConcatBackToTheFrame() throws IOException {
    Frame f = CsvReader.read(MixedCsv.write(dir.resolve("m.csv"), 200, 9), CsvOptions.defaults());
    List<Frame> shards = Frames.split(f, 3);
    List<Frame> loaded = new java.util.ArrayList<>();
    for (int k = 0; k < shards.size(); k++) {
      Path file = dir.resolve("shard-" + k + ".tyf");
      FrameFile.write(shards.get(k), file);
      loaded.add(FrameFile.read(file));
    }
    assertSameFrame(Frames.concat(loaded), f);
  }

  @Test
  void concatMergesDictionariesByLevelTextAndRemapsCodes() {
    Frame a = Frame.of(List.of(new CategoricalColumn("c", new int[] {0, 1}, List.of("x", "y"))));
    Frame b = Frame.of(List.of(
        new CategoricalColumn("c", new int[] {1, CategoricalColumn.MISSING, 0}, List.of("z", "x"))));
    Frame both = Frames.concat(List.of(a, b));
    CategoricalColumn c = (CategoricalColumn) both.column(0);
    assertThat(c.levels()).containsExactly("x", "y", "z");
    assertThat(c.codes()).containsExactly(0, 1, 0, CategoricalColumn.MISSING, 2);
  }

  @Test
  void concatRejectsPartsWithAnotherSchema() {
    Frame a = Frame.of(List.of(new NumericColumn("c", new float[] {1})));
    Frame b = Frame.of(List.of(new CategoricalColumn("c", new int[] {0}, List.of("x"))));
    assertThatThrownBy(() -> Frames.concat(List.of(a, b))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("every part must have the columns of part 0; column 0 of part 1 is 'c' (categorical),"
            + " of part 0 'c' (numeric)");
    assertThatThrownBy(() -> Frames.concat(List.of()))
        .hasMessage("parts must hold at least one frame, was empty");
  }

  @Test
  void shardCountMustFitTheRows() {
    Frame f = Frame.of(List.of(new NumericColumn("x", new float[] {1, 2, 3})));
    assertThatThrownBy(() -> Frames.split(f, 4)).isInstanceOf(InvalidInputException.class)
        .hasMessage("shards must be between 1 and 3, was 4");
    assertThat(f.rows(1, 3).numericValues(0)).containsExactly(2f, 3f);
    assertThatThrownBy(() -> f.rows(2, 1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("rows must satisfy 0 <= from <= to <= 3, were 2 and 1");
  }
}
