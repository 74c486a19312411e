package dev.trainyard.ml.data;

import java.util.List;
import java.util.Objects;

/** What a supervised algorithm learns to predict: class codes or real values, one per row. */
public sealed interface Target permits Target.Classes, Target.Values {
  int size();

  /** A copy holding only the given rows, in that order. */
  Target rows(int[] idx);

  /** Class codes {@code 0..classes.size()-1}; {@code classes.get(code)} is the label as written. */
  record Classes(int[] codes, List<String> classes) implements Target {
    public Classes {
      Objects.requireNonNull(codes, "codes");
      classes = List.copyOf(classes);
    }

    public int numClasses() {
      return classes.size();
    }

    @Override
    public int size() {
      return codes.length;
    }

    @Override
    public Classes rows(int[] idx) {
      int[] out = new int[idx.length];
      for (int i = 0; i < idx.length; i++) {
        out[i] = codes[idx[i]];
      }
      return new Classes(out, classes);
    }
  }

  /** Real-valued targets for regression. */
  record Values(float[] values) implements Target {
    public Values {
      Objects.requireNonNull(values, "values");
    }

    @Override
    public int size() {
      return values.length;
    }

    @Override
    public Values rows(int[] idx) {
      float[] out = new float[idx.length];
      for (int i = 0; i < idx.length; i++) {
        out[i] = values[idx[i]];
      }
      return new Values(out);
    }
  }
}
