package dev.trainyard.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ml.TestDatasets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private Frame read(String content) throws IOException {
    return CsvReader.read(write("data.csv", content), CsvOptions.defaults());
  }

  @Test
  void infersNumericCategoricalAndTextColumns() throws IOException {
    StringBuilder sb = new StringBuilder("x,color,note,label\n");
    for (int i = 0; i < 50; i++) {
      sb.append(i * 0.5).append(',').append(i % 2 == 0 ? "red" : "blue").append(",note ").append(i)
          .append(',').append(i % 3).append('\n');
    }
    Frame f = read(sb.toString());
    assertThat(f.rowCount()).isEqualTo(50);
    assertThat(f.column("x").type()).isEqualTo(ColumnType.NUMERIC);
    assertThat(f.column("color").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(f.column("note").type()).isEqualTo(ColumnType.TEXT);
    assertThat(f.numeric(0, 3)).isEqualTo(1.5f);
    assertThat(((CategoricalColumn) f.column("color")).levels()).containsExactly("red", "blue");
    assertThat(f.column("note").format(7)).isEqualTo("note 7");
  }

  @Test
  void quotedFieldsMayHoldSeparatorsQuotesAndNewlines() throws IOException {
    Frame f = read("id,title\n1,\"Heat, The\"\n2,\"Say \"\"hi\"\"\"\n3,\"two\nlines\"\n");
    assertThat(f.column("title").format(0)).isEqualTo("Heat, The");
    assertThat(f.column("title").format(1)).isEqualTo("Say \"hi\"");
    assertThat(f.column("title").format(2)).isEqualTo("two\nlines");
  }

  @Test
  void missingTokensBecomeNaNOrMissingCodes() throws IOException {
    Frame f = read("a,b\n1,x\n,y\nNA,?\n?,x\n4,\n");
    assertThat(f.numericValues(0)).containsExactly(1f, Float.NaN, Float.NaN, Float.NaN, 4f);
    Column b = f.column("b");
    assertThat(b.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(b.isMissing(2)).isTrue();
    assertThat(b.isMissing(4)).isTrue();
    assertThat(b.isMissing(0)).isFalse();
  }

  @Test
  void readsGzipByFileName() throws IOException {
    Path p = dir.resolve("data.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("a,label\n1,0\n2,1\n".getBytes(StandardCharsets.UTF_8));
    }
    Frame f = CsvReader.read(p, CsvOptions.defaults());
    assertThat(f.rowCount()).isEqualTo(2);
    assertThat(f.numeric(1, 1)).isEqualTo(1f);
  }

  @Test
  void raggedRowIsReportedWithFileAndLine() throws IOException {
    assertThatThrownBy(() -> read("a,b,c\n1,2,3\n4,5\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("data.csv line 3: expected 3 fields as in the header, found 2");
    assertThatThrownBy(() -> read("a,b\n1,2\n3,4\n5,6,7\n"))
        .hasMessage("data.csv line 4: expected 2 fields as in the header, found 3");
  }

  @Test
  void emptyLinesAreSkippedAndLinesStillCounted() throws IOException {
    Frame f = read("\na,b\n\n1,x\r\n\r\n2,y\n\n");
    assertThat(f.rowCount()).isEqualTo(2);
    assertThat(f.numericValues(0)).containsExactly(1f, 2f);
    assertThatThrownBy(() -> read("a,b\n\n1,2\n\n3\n"))
        .hasMessage("data.csv line 5: expected 2 fields as in the header, found 1");
  }

  @Test
  void aLastRecordFastCsvDropsIsReportedNotLost() throws IOException {
    // FastCSV 4.1 takes the LF after "x\r" as the end of a CRLF and never completes the record.
    assertThatThrownBy(() -> read("a,b\n0,y\n1,\"x\r\"\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("data.csv line 3: expected 2 fields as in the header, found 1");
  }

  @Test
  void strayTextInANumericColumnIsReportedWithLineAndColumn() throws IOException {
    StringBuilder sb = new StringBuilder("a,b\n");
    for (int i = 0; i < 30; i++) {
      sb.append(i).append(',').append(i == 17 ? "abc" : Integer.toString(i)).append('\n');
    }
    assertThatThrownBy(() -> read(sb.toString()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("data.csv line 19, column 'b': non-numeric value 'abc' in a numeric column (29 of 30 values are numbers)");
  }

  @Test
  void declaredNumericColumnRejectsTextAtOnce() throws IOException {
    Path p = write("d.csv", "a,b\n1,2\n3,x\n");
    assertThatThrownBy(() -> CsvReader.read(p, CsvOptions.defaults().withTypes(Map.of("b", ColumnType.NUMERIC))))
        .hasMessage("d.csv line 3, column 'b': expected a number, was 'x'");
  }

  @Test
  void columnThatTurnsOutCategoricalKeepsTheSpellingOfEarlierValues() throws IOException {
    Frame f = read("zip,v\n01234,1\n00500,2\nAB-1,3\nAB-2,4\nC,5\n");
    Column zip = f.column("zip");
    assertThat(zip.type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(zip.format(0)).isEqualTo("01234");
    assertThat(zip.format(1)).isEqualTo("00500");
  }

  @Test
  void declaredCategoricalKeepsNumbersAsLevels() throws IOException {
    Path p = write("d.csv", "id,v\n7,1\n8,2\n7,3\n");
    Frame f = CsvReader.read(p, CsvOptions.defaults().withTypes(Map.of("id", ColumnType.CATEGORICAL)));
    assertThat(((CategoricalColumn) f.column("id")).levels()).containsExactly("7", "8");
  }

  @Test
  void emptyFileAndHeaderOnlyAreClearErrors() throws IOException {
    assertThatThrownBy(() -> read("")).isInstanceOf(InvalidInputException.class)
        .hasMessage("data.csv is empty: expected a header row and data rows");
    assertThatThrownBy(() -> read("a,b\n")).hasMessage("data.csv has a header but no data rows");
  }

  @Test
  void duplicateHeaderIsAnError() throws IOException {
    assertThatThrownBy(() -> read("a,a\n1,2\n")).hasMessage("data.csv line 1: duplicate column name 'a' in the header");
  }

  @Test
  void missingFileIsNotFound() {
    assertThatThrownBy(() -> CsvReader.read(dir.resolve("nope.csv"), CsvOptions.defaults()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("file not found");
  }

  @Test
  void numbersParseLikeJava() throws IOException {
    Frame f = read("v\n-12.375\n+3\n1e3\n0.1\n  7 \n-0\n123456789012345678901\n");
    assertThat(f.numericValues(0)).containsExactly(-12.375f, 3f, 1000f, 0.1f, 7f, -0f, 1.2345679e20f);
  }

  @Test
  void readsTheIrisDataset() {
    Frame f = CsvReader.read(TestDatasets.file("iris.csv"), CsvOptions.defaults());
    assertThat(f.rowCount()).isEqualTo(150);
    assertThat(f.columnCount()).isEqualTo(5);
    assertThat(f.column("label").type()).isEqualTo(ColumnType.NUMERIC);
    Target.Classes y = Frames.classTarget(f, "label");
    assertThat(y.classes()).containsExactly("0", "1", "2");
  }
}
