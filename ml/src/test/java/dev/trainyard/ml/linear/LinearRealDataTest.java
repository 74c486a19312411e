package dev.trainyard.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.metrics.Metrics;
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

/** Quality bars on the shared real datasets, with the default hyper-parameters and 2 threads. */
class LinearRealDataTest {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final TrainContext context = new TrainContext(42, executor, 2, ProgressListener.NONE);

  @AfterEach
  void shutDown() throws InterruptedException {
    executor.shutdown();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void logisticRegressionOnStandardizedBreastCancerReaches96PercentIn5FoldCv() {
    double accuracy = crossValidate("breast_cancer.csv", LinearTrainer.logistic().build());
    System.out.printf("breast_cancer logistic 5-fold accuracy %.4f (scikit-learn 0.974)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.96);
  }

  @Test
  void softmaxRegressionOnStandardizedDigitsReaches95PercentIn5FoldCv() {
    double accuracy = crossValidate("digits.csv", LinearTrainer.softmax().build());
    System.out.printf("digits softmax 5-fold accuracy %.4f (scikit-learn 0.971)%n", accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void softmaxRegressionOnStandardizedFashionMnistReaches83PercentOnTheTestSet() {
    Frame train = CsvReader.read(TestDatasets.file("fashion_mnist_train.csv.gz"), CsvOptions.defaults());
    Frame test = CsvReader.read(TestDatasets.file("fashion_mnist_test.csv.gz"), CsvOptions.defaults());
    List<String> features = train.drop("label").names();
    Preprocessor p = Preprocessor.fit(train, features, PreprocessOptions.forLinearModels());
    FeatureMatrix x = p.apply(train);
    Target.Classes y = Frames.classTarget(train, "label");

    long start = System.nanoTime();
    LinearModel model = LinearTrainer.softmax().build().train(x, y, context);
    double seconds = (System.nanoTime() - start) / 1e9;

    double accuracy = accuracy(model, p.apply(test), Frames.classTarget(test, "label").codes());
    System.out.printf("fashion_mnist softmax test accuracy %.4f, trained in %.1f s with 2 threads"
        + " (scikit-learn lbfgs: 0.846 in 32 s)%n", accuracy, seconds);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.83);
  }

  /** Mean accuracy over 5 stratified folds; standardization is fitted on each fold's training rows. */
  private double crossValidate(String file, LinearTrainer trainer) {
    Frame frame = CsvReader.read(TestDatasets.file(file), CsvOptions.defaults());
    List<String> features = frame.drop("label").names();
    Target.Classes y = Frames.classTarget(frame, "label");
    double sum = 0;
    List<Split> folds = Splits.stratifiedKFold(y.codes(), 5, 42);
    for (Split fold : folds) {
      Frame train = frame.rows(fold.train());
      Preprocessor p = Preprocessor.fit(train, features, PreprocessOptions.forLinearModels());
      LinearModel model = trainer.train(p.apply(train), y.rows(fold.train()), context);
      sum += accuracy(model, p.apply(frame.rows(fold.test())), y.rows(fold.test()).codes());
    }
    return sum / folds.size();
  }

  private static double accuracy(LinearModel model, FeatureMatrix x, int[] actual) {
    return Metrics.accuracy(actual, Metrics.argmax(model.predictAll(x)));
  }
}
