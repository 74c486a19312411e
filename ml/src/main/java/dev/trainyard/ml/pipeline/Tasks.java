package dev.trainyard.ml.pipeline;

import dev.trainyard.common.InvalidInputException;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.Task;
import dev.trainyard.ml.param.Params;
import dev.trainyard.ml.transform.Encoding;
import dev.trainyard.ml.transform.PreprocessOptions;
import dev.trainyard.ml.transform.Scaling;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** Decides the task and the preprocessing of an experiment from its algorithm, parameters and label. */
final class Tasks {
  /** Integer labels with at most this many distinct values count as classes under {@code task=auto}. */
  static final int MAX_AUTO_CLASSES = 100;

  private Tasks() {}

  static Task decide(AlgorithmSpec algo, Params params, Frame data, String label) {
    Column c = data.column(label);
    switch (algo.taskRule()) {
      case BINARY, MULTICLASS:
        return Task.CLASSIFICATION;
      case REGRESSION:
        return Task.REGRESSION;
      default:
        break;
    }
    String task = params.effective().getOrDefault(Algorithms.TASK, "auto");
    if (!task.equals("auto")) {
      return Task.valueOf(task.toUpperCase(Locale.ROOT));
    }
    if (!(c instanceof NumericColumn)) {
      return Task.CLASSIFICATION;
    }
    return looksLikeClasses(data.numericValues(data.indexOf(label))) ? Task.CLASSIFICATION : Task.REGRESSION;
  }

  private static boolean looksLikeClasses(float[] values) {
    Set<Float> distinct = new HashSet<>();
    for (float v : values) {
      if (!Float.isNaN(v) && (v != Math.rint(v) || (distinct.add(v) && distinct.size() > MAX_AUTO_CLASSES))) {
        return false;
      }
    }
    return true;
  }

  static void checkClasses(AlgorithmSpec algo, Target target, String label) {
    if (algo.taskRule() == AlgorithmSpec.TaskRule.BINARY && target instanceof Target.Classes c && c.numClasses() != 2) {
      throw new InvalidInputException(algo.name() + " needs exactly 2 classes, label '" + label + "' has "
          + c.numClasses() + "; use softmax for more than two");
    }
  }

  static PreprocessOptions preprocessing(AlgorithmSpec algo, Params params) {
    String scaling = params.effective().get(Algorithms.SCALING);
    if (scaling == null) {
      return algo.preprocessing();
    }
    Encoding encoding = algo.preprocessing().encoding();
    return new PreprocessOptions(encoding, Scaling.valueOf(scaling.toUpperCase(Locale.ROOT)));
  }
}
