package dev.trainyard.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ml.FashionMnist;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.Metrics;
import dev.trainyard.ml.model.Model;
import dev.trainyard.ml.model.ProgressListener;
import dev.trainyard.ml.model.TrainContext;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import dev.trainyard.ml.transform.PreprocessOptions;
import dev.trainyard.ml.transform.Preprocessor;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Quality bars on the shared real datasets, with 2 threads and standardized features. */
class MlpRealDataTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final ProgressListener log = p -> System.out.printf("  epoch %d/%d train loss %.4f validation loss %.4f%n",
      p.done(), p.total(), p.loss(), p.validationLoss());
  private final TrainContext context = new TrainContext(42, executor, 2, ProgressListener.NONE);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void defaultPerceptronOnStandardizedDigitsReaches96PercentIn5FoldCv() {
    Frame frame = CsvReader.read(TestDatasets.file("digits.csv"), CsvOptions.defaults());
    List<String> features = frame.drop("label").names();
    Target.Classes y = Frames.classTarget(frame, "label");
    MlpTrainer trainer = MlpTrainer.builder().build();
    double sum = 0;
    List<Split> folds = Splits.stratifiedKFold(y.codes(), 5, 42);
    for (Split fold : folds) {
      Frame train = frame.rows(fold.train());
      Preprocessor p = Preprocessor.fit(train, features, PreprocessOptions.forLinearModels());
      MlpModel model = trainer.train(p.apply(train), y.rows(fold.train()), context);
      sum += accuracy(model, p.apply(frame.rows(fold.test())), y.rows(fold.test()).codes());
    }
    double accuracy = sum / folds.size();
    System.out.printf("digits mlp (hidden 128) 5-fold accuracy %.4f (scikit-learn MLPClassifier about 0.97)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.96);
  }

  /** About 20 s on 2 cores (under the ~60 s limit for the default suite). */
  @Test
  void perceptron256x128OnStandardizedFashionMnistReaches88PercentOnTheTestSet() {
    FashionMnist.Data data = FashionMnist.standardized();

    long start = System.nanoTime();
    MlpModel model = MlpTrainer.builder().hidden(256, 128).build().train(data.x(), data.y(), context.withProgress(log));
    double seconds = (System.nanoTime() - start) / 1e9;

    double accuracy = accuracy(model, data.testX(), data.testY());
    System.out.printf("fashion_mnist mlp 256,128 test accuracy %.4f, trained in %.1f s with 2 threads%n",
        accuracy, seconds);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.88);
  }

  private static double accuracy(Model model, FeatureMatrix x, int[] actual) {
    return Metrics.accuracy(actual, Metrics.argmax(model.predictAll(x)));
  }
}
