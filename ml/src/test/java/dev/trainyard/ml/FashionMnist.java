package dev.trainyard.ml;

import dev.trainyard.ml.data.CsvOptions;
import dev.trainyard.ml.data.CsvReader;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.Frames;
import dev.trainyard.ml.data.Target;
import dev.trainyard.ml.transform.PreprocessOptions;
import dev.trainyard.ml.transform.Preprocessor;
import java.util.List;

/**
 * The shared Fashion-MNIST train and test sets as features and class targets. The two CSV files
 * (about 38 MB gzipped) are parsed once per JVM and the immutable frames kept, so several
 * real-data test classes share one read.
 */
public final class FashionMnist {
  /** Training features and target, and the test features with their class codes. */
  public record Data(FeatureMatrix x, Target.Classes y, FeatureMatrix testX, int[] testY) {}

  private static Frame train;
  private static Frame test;

  private FashionMnist() {}

  /** Raw pixel features, as tree models use them. */
  public static Data raw() {
    load();
    return new Data(Frames.features(train, "label"), Frames.classTarget(train, "label"),
        Frames.features(test, "label"), Frames.classTarget(test, "label").codes());
  }

  /** Features standardized with a {@link PreprocessOptions#forLinearModels()} fit on the training set. */
  public static Data standardized() {
    load();
    List<String> features = train.drop("label").names();
    Preprocessor p = Preprocessor.fit(train, features, PreprocessOptions.forLinearModels());
    return new Data(p.apply(train), Frames.classTarget(train, "label"),
        p.apply(test), Frames.classTarget(test, "label").codes());
  }

  private static synchronized void load() {
    if (train == null) {
      train = CsvReader.read(TestDatasets.file("fashion_mnist_train.csv.gz"), CsvOptions.defaults());
      test = CsvReader.read(TestDatasets.file("fashion_mnist_test.csv.gz"), CsvOptions.defaults());
    }
  }
}
