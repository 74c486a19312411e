package dev.trainyard.ml.data;

import static dev.trainyard.ml.data.FrameAssertions.assertSameFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.common.NotFoundException;
import dev.trainyard.ml.TestDatasets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFileTest {
  @TempDir Path dir;

  private static Frame small() {
    return Frame.of(List.of(
        new NumericColumn("x", new float[] {1.5f, Float.NaN, -0f, Float.MIN_VALUE}),
        new CategoricalColumn("c", new int[] {1, CategoricalColumn.MISSING, 0, 1}, List.of("a", "b")),
        new TextColumn("t", new String[] {"hé, \"x\"\nz", null, "", "日本"})));
  }

  private static byte[] bytes(Frame f) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameFile.write(f, out);
    return out.toByteArray();
  }

  private Frame roundTrip(Frame f) {
    Path file = dir.resolve("frame.tyf");
    FrameFile.write(f, file);
    return FrameFile.read(file);
  }

  @Test
  void realDatasetsRoundTripExactly() {
    for (String name : List.of("digits.csv", "iris.csv", "breast_cancer.csv")) {
      Frame csv = CsvReader.read(TestDatasets.file(name), CsvOptions.defaults());
      assertSameFrame(roundTrip(csv), csv);
    }
  }

  @Test
  void mixedCsvWithMissingValuesRoundTripsExactly() throws IOException {
    Frame csv = CsvReader.read(MixedCsv.write(dir.resolve("mixed.csv"), 500, 7), CsvOptions.defaults());
    assertThat(csv.columns()).extracting(Column::type).contains(
        ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.TEXT);
    assertSameFrame(roundTrip(csv), csv);
  }

  @Test
  void missingValuesAndEdgeFloatsKeepTheirExactValues() {
    Frame back = roundTrip(small());
    assertSameFrame(back, small());
    assertThat(Float.floatToRawIntBits(back.numeric(0, 2))).isEqualTo(Float.floatToRawIntBits(-0f));
    assertThat(back.column("c").isMissing(1)).isTrue();
    assertThat(back.column("t").isMissing(1)).isTrue();
    assertThat(back.column("t").format(2)).isEqualTo("");
  }

  @Test
  void aViewIsWrittenAsItsRowsWithTheWholeDictionary() {
    Frame shard = small().rows(new int[] {3, 2});
    Frame back = roundTrip(shard);
    assertSameFrame(back, shard);
    assertThat(back.isView()).isFalse();
    assertThat(((CategoricalColumn) back.column("c")).levels()).containsExactly("a", "b");
  }

  @Test
  void emptyFramesRoundTrip() {
    assertSameFrame(roundTrip(small().rows(new int[0])), small().rows(new int[0]));
    assertThat(roundTrip(Frame.of(List.of())).columnCount()).isZero();
  }

  @Test
  void streamsMayBeGzippedByTheCaller() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buf)) {
      FrameFile.write(small(), gz);
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(buf.toByteArray()))) {
      assertSameFrame(FrameFile.read(in, "shard-0.tyf.gz"), small());
    }
    Path file = dir.resolve("zipped.tyf");
    Files.write(file, buf.toByteArray());
    assertThatThrownBy(() -> FrameFile.read(file)).isInstanceOf(InvalidInputException.class)
        .hasMessage("zipped.tyf: not a Trainyard frame file (wrong signature); it is gzip-compressed:"
            + " decompress it first");
  }

  @Test
  void aStreamIsReadUpToTheEndOfTheFrameOnly() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    FrameFile.write(small(), buf);
    FrameFile.write(small().rows(new int[] {0}), buf);
    InputStream in = new ByteArrayInputStream(buf.toByteArray());
    assertThat(FrameFile.read(in, "two").rowCount()).isEqualTo(4);
    assertThat(FrameFile.read(in, "two").rowCount()).isEqualTo(1);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void everyTruncationIsAnErrorNamingTheFile() throws IOException {
    byte[] whole = bytes(small());
    Path file = dir.resolve("cut.tyf");
    for (int n = 0; n < whole.length; n++) {
      Files.write(file, Arrays.copyOf(whole, n));
      assertThatThrownBy(() -> FrameFile.read(file)).as("cut at %d", n)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("cut.tyf: ");
    }
    Files.write(file, Arrays.copyOf(whole, 30));
    assertThatThrownBy(() -> FrameFile.read(file))
        .hasMessage("cut.tyf: truncated frame file: it ends inside the header");
  }

  @Test
  void everyFlippedByteIsAnErrorNamingTheFile() throws IOException {
    byte[] whole = bytes(small());
    Path file = dir.resolve("bad.tyf");
    for (int i = 0; i < whole.length; i++) {
      byte[] damaged = whole.clone();
      damaged[i] ^= 0x5a;
      Files.write(file, damaged);
      assertThatThrownBy(() -> FrameFile.read(file)).as("flip at %d", i)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("bad.tyf: ");
    }
  }

  @Test
  void damageIsDescribed() throws IOException {
    byte[] whole = bytes(small());
    Path file = dir.resolve("d.tyf");
    byte[] version = whole.clone();
    version[8] = 2;
    Files.write(file, version);
    assertThatThrownBy(() -> FrameFile.read(file))
        .hasMessage("d.tyf: frame file version 2 is not supported; this build reads version 1");
    byte[] body = whole.clone();
    body[whole.length - 10] ^= 1;
    Files.write(file, body);
    assertThatThrownBy(() -> FrameFile.read(file)).hasMessage("d.tyf: corrupt frame file: data checksum mismatch");
    byte[] longer = Arrays.copyOf(whole, whole.length + 1);
    Files.write(file, longer);
    assertThatThrownBy(() -> FrameFile.read(file))
        .hasMessage("d.tyf: corrupt frame file: unexpected bytes after the end of the frame");
    Files.writeString(file, "a,b\n1,2\n");
    assertThatThrownBy(() -> FrameFile.read(file)).hasMessage("d.tyf: not a Trainyard frame file (wrong signature)");
    assertThatThrownBy(() -> FrameFile.read(dir.resolve("none.tyf"))).isInstanceOf(NotFoundException.class);
  }

  @Test
  void writingReplacesTheFileAtomicallyAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("data.tyf");
    FrameFile.write(small(), file);
    FrameFile.write(small().rows(new int[] {1}), file);
    assertThat(FrameFile.read(file).rowCount()).isEqualTo(1);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void fashionMnistLoadsMuchFasterFromAFrameFileThanFromCsv() {
    Path csv = TestDatasets.file("fashion_mnist_train.csv.gz");
    long t0 = System.nanoTime();
    Frame parsed = CsvReader.read(csv, CsvOptions.defaults());
    long t1 = System.nanoTime();
    Path file = dir.resolve("fashion_train.tyf");
    FrameFile.write(parsed, file);
    long t2 = System.nanoTime();
    Frame loaded = FrameFile.read(file);
    long t3 = System.nanoTime();
    System.out.printf("Fashion-MNIST train %d x %d: CSV parse %.0f ms, FrameFile write %.0f ms, FrameFile read"
        + " %.0f ms (%.1fx faster than CSV), %d MB%n", loaded.rowCount(), loaded.columnCount(),
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (double) (t1 - t0) / (t3 - t2),
        sizeMb(file));
    assertThat(loaded.rowCount()).isEqualTo(60_000);
    assertThat(loaded.columnCount()).isEqualTo(785);
    assertSameFrame(loaded, parsed);
  }

  private static long sizeMb(Path file) {
    try {
      return Files.size(file) >> 20;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
