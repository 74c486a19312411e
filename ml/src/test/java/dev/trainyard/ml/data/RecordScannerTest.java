package dev.trainyard.ml.data;

import static dev.trainyard.ml.data.FrameAssertions.assertSameFrame;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordScannerTest {
  @TempDir Path dir;

  /** Starting lines of the non-empty records as the scanner finds them. */
  private static List<Long> scannedLines(String csv, char separator) {
    byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
    List<Long> lines = new ArrayList<>();
    RecordScanner scanner = new RecordScanner(separator, (position, line) -> lines.add(line));
    // Feed odd-sized pieces so that state carries across buffer ends.
    for (int from = 0; from < bytes.length; from += 7) {
      int n = Math.min(7, bytes.length - from);
      scanner.scan(java.util.Arrays.copyOfRange(bytes, from, from + n), n);
    }
    return lines;
  }

  private static List<Long> fastCsvLines(String csv, char separator) {
    List<Long> lines = new ArrayList<>();
    try (de.siegmar.fastcsv.reader.CsvReader<CsvRecord> reader = de.siegmar.fastcsv.reader.CsvReader.builder()
        .fieldSeparator(separator).skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true)
        .ofCsvRecord(csv)) {
      for (CsvRecord r : reader) {
        lines.add(r.getStartingLineNumber());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return lines;
  }

  @Test
  void recordStartsAndLinesAgreeWithFastCsvOnRandomFiles() {
    for (long seed = 0; seed < 300; seed++) {
      String csv = new RandomCsv(seed, false).generate();
      assertThat(scannedLines(csv, ',')).as("seed %d", seed).isEqualTo(fastCsvLines(csv, ','));
    }
  }

  @Test
  void fastCsvQuirksAreFollowed() {
    for (String csv : List.of("a,b\n1,\"x\ry\nz\"\n2,y\n", "a,b\n1,\"x\r\"\n2,y\n3,z\n", "a\r\r\n\nb\r\n\"\"\"\r\"\r\n2\n")) {
      assertThat(scannedLines(csv, ',')).as(csv).isEqualTo(fastCsvLines(csv, ','));
    }
  }

  @Test
  void otherSeparatorsSplitToo() throws IOException {
    Path file = dir.resolve("t.tsv");
    Files.writeString(file, new RandomCsv(5, false).generate().replace(',', '\t'), StandardCharsets.UTF_8);
    CsvOptions tabs = CsvOptions.defaults().withSeparator('\t');
    assertSameFrame(CsvChunks.read(file, 4, tabs), CsvReader.read(file, tabs));
    assertThatThrownBy(() -> new RecordScanner('§', (p, l) -> true))
        .hasMessage("separator must be an ASCII character other than a quote or a line break to split a CSV"
            + " file, was '§'");
  }
}
