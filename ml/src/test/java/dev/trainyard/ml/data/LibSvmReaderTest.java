package dev.trainyard.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibSvmReaderTest {
  @TempDir Path dir;

  @Test
  void sparseRowsBecomeDenseFeatureColumnsWithZerosThenTheLabel() throws IOException {
    Frame f = LibSvmReader.read(write("data.svm", "1 1:0.5 3:2\n0 2:1.5\n2.5\n"));

    assertThat(f.names()).containsExactly("f1", "f2", "f3", "label");
    assertThat(f.rowCount()).isEqualTo(3);
    assertThat(values(f, "f1")).containsExactly(0.5f, 0f, 0f);
    assertThat(values(f, "f2")).containsExactly(0f, 1.5f, 0f);
    assertThat(values(f, "f3")).containsExactly(2f, 0f, 0f);
    assertThat(values(f, "label")).containsExactly(1f, 0f, 2.5f);
  }

  @Test
  void commentsBlankLinesQidTabsAndWindowsLineEndsAreAccepted() throws IOException {
    String text = "# made by hand\n\n+1 qid:3 1:1 # first\r\n-1\tqid:3\t2:-2e-1\r\n   \n";

    Frame f = LibSvmReader.read(write("data.svm", text));

    assertThat(f.names()).containsExactly("f1", "f2", "label");
    assertThat(values(f, "label")).containsExactly(1f, -1f);
    assertThat(values(f, "f2")).containsExactly(0f, -0.2f);
  }

  @Test
  void aGzipFileIsReadByItsName() throws IOException {
    Path gz = dir.resolve("data.svm.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("3 2:7\n4 1:1 2:8\n".getBytes(StandardCharsets.UTF_8));
    }

    Frame f = LibSvmReader.read(gz);

    assertThat(values(f, "f2")).containsExactly(7f, 8f);
    assertThat(values(f, "label")).containsExactly(3f, 4f);
  }

  @Test
  void aDeclaredFeatureCountPadsNarrowFilesAndRejectsWiderOnes() throws IOException {
    Path file = write("test.svm", "1 2:1\n");

    assertThat(LibSvmReader.read(file, 4).names()).containsExactly("f1", "f2", "f3", "f4", "label");
    assertThatThrownBy(() -> LibSvmReader.read(file, 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("test.svm line 1: feature index must be at most 1 (the declared feature count), was '2'");
    assertThatThrownBy(() -> LibSvmReader.read(file, -1))
        .hasMessage("features must be between 0 and 1000000, was -1");
  }

  @Test
  void aNonNumericIndexIsReportedWithFileLineAndToken() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 1:1\n# note\n0 x:1\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("data.svm line 3: feature index must be a positive integer, was 'x'");
  }

  @Test
  void zeroBasedIndicesAreRejected() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 0:1 1:2\n")))
        .hasMessage("data.svm line 1: feature index must be a positive integer, was '0'");
  }

  @Test
  void indicesMustBeStrictlyAscending() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 1:1\n0 3:1 2:1\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("data.svm line 2: feature indices must be ascending, was 2 after 3");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 2:1 2:5\n")))
        .hasMessage("data.svm line 1: feature indices must be ascending, was 2 after 2");
  }

  @Test
  void malformedEntriesValuesAndLabelsAreRejected() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 abc\n")))
        .hasMessage("data.svm line 1: expected index:value, was 'abc'");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 1:abc\n")))
        .hasMessage("data.svm line 1: feature value must be a finite number, was 'abc'");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 1:1e99\n")))
        .hasMessage("data.svm line 1: feature value must be a finite number, was '1e99'");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "yes 1:1\n")))
        .hasMessage("data.svm line 1: label must be a finite number, was 'yes'");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1:1 2:2\n")))
        .hasMessage("data.svm line 1: label must be a finite number, was '1:1'");
  }

  @Test
  void qidMustFollowTheLabelAndBeANonNegativeInteger() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 1:1 qid:2\n")))
        .hasMessage("data.svm line 1: qid must come right after the label, was 'qid:2'");
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm", "1 qid:a 1:1\n")))
        .hasMessage("data.svm line 1: qid must be a non-negative integer, was 'a'");
  }

  @Test
  void aFileWithoutDataRowsIsRejected() {
    assertThatThrownBy(() -> LibSvmReader.read(write("empty.svm", "# nothing\n\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("empty.svm has no data rows");
  }

  @Test
  void aFileNamedGzThatIsNotGzipIsRejected() {
    assertThatThrownBy(() -> LibSvmReader.read(write("data.svm.gz", "1 1:1\n")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("data.svm.gz is not a valid gzip file: Not in GZIP format");
  }

  @Test
  void aTruncatedGzipFileIsRejected() throws IOException {
    Path gz = dir.resolve("cut.svm.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write("1 1:1\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    assertThatThrownBy(() -> LibSvmReader.read(gz))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("cut.svm.gz is not a valid gzip file: ");
  }

  @Test
  void aFileTooLargeForADenseFrameIsRejected() {
    String rows = "1 999999:1\n".repeat(300);

    assertThatThrownBy(() -> LibSvmReader.read(new StringReader(rows), "wide.svm", 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("wide.svm: 300 rows x 999999 features is too large for a dense frame (at most 268435456 values)");
  }

  @Test
  void manyRowsGrowTheBuffersWithoutLosingEntries() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < 5000; r++) {
      sb.append(r % 2).append(' ').append(1 + r % 7).append(':').append(r).append(" 8:1\n");
    }

    Frame f = LibSvmReader.read(new StringReader(sb.toString()), "many.svm", 0);

    assertThat(f.rowCount()).isEqualTo(5000);
    assertThat(f.numeric(f.indexOf("f6"), 4996)).isEqualTo(4996f);
    assertThat(f.numeric(f.indexOf("f5"), 4996)).isZero();
    assertThat(values(f, "f8")).containsOnly(1f);
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  private static float[] values(Frame f, String column) {
    return ((NumericColumn) f.column(column)).values();
  }
}
