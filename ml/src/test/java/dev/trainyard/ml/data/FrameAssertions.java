package dev.trainyard.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts two frames hold the same columns: names, types, values, dictionaries (row by row). */
final class FrameAssertions {
  private FrameAssertions() {}

  static void assertSameFrame(Frame actual, Frame expected) {
    assertThat(actual.names()).as("column names").isEqualTo(expected.names());
    assertThat(actual.rowCount()).as("row count").isEqualTo(expected.rowCount());
    for (int j = 0; j < expected.columnCount(); j++) {
      Column e = expected.column(j);
      Column a = actual.column(j);
      String what = "column '" + e.name() + "'";
      assertThat(a.type()).as(what + " type").isEqualTo(e.type());
      switch (e.type()) {
        case NUMERIC -> assertThat(actual.numericValues(j)).as(what).isEqualTo(expected.numericValues(j));
        case CATEGORICAL -> {
          assertThat(((CategoricalColumn) a).levels()).as(what + " levels")
              .isEqualTo(((CategoricalColumn) e).levels());
          assertThat(actual.codes(j)).as(what + " codes").isEqualTo(expected.codes(j));
        }
        case TEXT -> assertThat(text(actual, j)).as(what).isEqualTo(text(expected, j));
      }
    }
  }

  private static String[] text(Frame f, int j) {
    String[] all = ((TextColumn) f.column(j)).values();
    String[] out = new String[f.rowCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all[f.physicalRow(i)];
    }
    return out;
  }
}
