package dev.trainyard.ps.train;

import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.model.Provenance;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.model.Trainer;
import dev.trainyard.ml.nn.Activation;
import dev.trainyard.ml.nn.MlpLayout;
import dev.trainyard.ml.nn.MlpModel;
import dev.trainyard.ml.param.Params;
import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron trained data-parallel on the parameter server. Each layer's weights and
 * biases are segments of one shared vector laid out as {@link MlpLayout} says; the server draws the
 * initial weights (normal, std {@code sqrt(2/fan_in)} for ReLU layers, {@code sqrt(1/fan_in)} for
 * tanh and the output layer), biases start at zero. Same hyper-parameters as the local MLP trainer.
 */
public final class PsMlpTrainer implements Trainer<MlpModel> {
  private final Params params;
  private final PsWorkers ps;

  /** W worker threads of this process, as {@code ps} says. */
  public PsMlpTrainer(Params params, PsSettings ps) {
    this(params, new ThreadWorkers(ps));
  }

  PsMlpTrainer(Params params, PsWorkers ps) {
    this.params = params;
    this.ps = ps;
  }

  @Override
  public MlpModel train(FeatureMatrix x, Target y, TrainContext context) {
    Target.Classes classes = (Target.Classes) y;
    MlpLayout layout = MlpLayout.of(x.cols(), params.getIntList("hidden"), classes.numClasses());
    Activation activation = Activation.fromId(params.getString("activation"));
    MlpObjective obj = new MlpObjective(layout, activation, x.toRowMajor(), classes.codes(),
        params.getDouble("dropout"), params.getDouble("l2"));
    TrainingPlan plan = TrainingPlan.of(params, x.rows(), classes.codes(), ps.workers(), context.seed(), 0);
    float[] w = ps.train("mlp", segments(layout, activation, context.seed()), plan, obj, context.progress());
    return new MlpModel(layout, activation, w,
        Provenance.of("mlp", TrainingPlan.provenanceParams(params, ps.description()), context.seed(), x.rows()));
  }

  private static List<VectorFactory.Segment> segments(MlpLayout layout, Activation activation, long seed) {
    List<VectorFactory.Segment> out = new ArrayList<>();
    for (int l = 1; l <= layout.layers(); l++) {
      boolean hidden = l < layout.layers();
      double gain = hidden && activation == Activation.RELU ? 2.0 : 1.0;
      int weights = layout.biasOffset(l) - layout.weightOffset(l);
      out.add(new VectorFactory.Segment(weights, Math.sqrt(gain / layout.fanIn(l)), seed * 31 + l));
      out.add(VectorFactory.Segment.zeros(layout.size(l)));
    }
    return out;
  }
}
