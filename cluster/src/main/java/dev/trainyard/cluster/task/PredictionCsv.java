package dev.trainyard.cluster.task;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.pipeline.Predictions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Predictions as CSV (RFC 4180 via FastCSV): the kept input columns, {@code prediction}, then one
 * {@code prob_<class>} column per class for classification (6 significant digits). The same format
 * for {@code trainyard predict} and for batch-prediction jobs, whose shards are written without a
 * header and concatenated in order.
 */
public final class PredictionCsv {
  private PredictionCsv() {}

  public static List<String> header(List<String> keep, Predictions p) {
    List<String> header = new ArrayList<>(keep);
    header.add("prediction");
    for (String c : p.classes()) {
      header.add("prob_" + c);
    }
    return header;
  }

  /** Writes one line per row of {@code frame} (the rows {@code p} predicts), kept columns taken from it. */
  public static void write(Frame frame, Predictions p, List<String> keep, boolean withHeader, Writer w) {
    try {
      CsvWriter csv = CsvWriter.builder().build(w);
      List<String> header = header(keep, p);
      if (withHeader) {
        csv.writeRecord(header);
      }
      int[] keepIdx = keep.stream().mapToInt(frame::indexOf).toArray();
      List<String> row = new ArrayList<>(header.size());
      for (int i = 0; i < p.size(); i++) {
        row.clear();
        for (int j : keepIdx) {
          row.add(frame.column(j).format(frame.physicalRow(i)));
        }
        row.add(p.label(i));
        if (p.task() == Task.CLASSIFICATION) {
          for (double prob : p.values()[i]) {
            row.add(String.format(Locale.ROOT, "%.6g", prob));
          }
        }
        csv.writeRecord(row);
      }
      csv.flush();
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write predictions: " + e.getMessage(), e);
    }
  }
}
