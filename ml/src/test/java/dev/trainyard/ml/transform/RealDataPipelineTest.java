package dev.trainyard.ml.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import dev.trainyard.ml.TestDatasets;
import dev.trainyard.ml.data.Column;
import dev.trainyard.ml.data.FeatureMatrix;
import dev.trainyard.ml.data.Frame;
import dev.trainyard.ml.data.NumericColumn;
import dev.trainyard.ml.metrics.ClassificationReport;
import dev.trainyard.ml.metrics.CrossValidationSummary;
import dev.trainyard.ml.metrics.Metrics;
import dev.trainyard.ml.split.Split;
import dev.trainyard.ml.split.Splits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Split, preprocessing and metrics together on the shared real datasets. */
class RealDataPipelineTest {

  @Test
  void irisStratifiedFoldsHoldTenOfEachSpeciesAndNearestCentroidScoresWell() throws IOException {
    Frame iris = load("iris.csv");
    int[] y = labels(iris);
    List<String> features = iris.drop("label").names();
    List<String> species = List.of("setosa", "versicolor", "virginica");

    List<ClassificationReport> reports = new ArrayList<>();
    for (Split fold : Splits.stratifiedKFold(y, 5, 42)) {
      assertThat(countByClass(y, fold.test(), 3)).containsExactly(10, 10, 10);
      Preprocessor p = Preprocessor.fit(iris.rows(fold.train()), features, PreprocessOptions.forLinearModels());
      FeatureMatrix train = p.apply(iris.rows(fold.train()));
      assertStandardized(train);
      double[][] proba = nearestCentroid(train, subset(y, fold.train()), p.apply(iris.rows(fold.test())), 3);
      reports.add(ClassificationReport.of(subset(y, fold.test()), proba, species));
    }
    CrossValidationSummary cv = CrossValidationSummary.ofClassification(reports);

    // Nearest centroid on standardized iris is a weak but sane classifier (sklearn: ~0.85-0.9).
    assertThat(cv.mean().get(Metrics.ACCURACY)).isGreaterThan(0.8);
    assertThat(cv.std().get(Metrics.ACCURACY)).isLessThan(0.1);
    assertThat(cv.mean().keySet()).containsExactly(
        "accuracy", "log_loss", "f1_macro", "precision_macro", "recall_macro");
  }

  @Test
  void breastCancerHoldoutKeepsTheMalignantShareAndMeanRadiusRanksWell() throws IOException {
    Frame bc = load("breast_cancer.csv");
    int[] y = labels(bc);

    Split s = Splits.stratifiedTrainTest(y, 0.2, 42);
    // 569 * 0.2 = 113.8 -> 114 test rows; shares 42.47 and 71.53 -> 42 malignant, 72 benign.
    assertThat(countByClass(y, s.test(), 2)).containsExactly(42, 72);

    float[] radius = ((NumericColumn) bc.column("mean_radius")).values();
    double[] score = new double[s.testSize()];
    for (int i = 0; i < score.length; i++) {
      score[i] = -radius[s.test()[i]]; // small tumours are more likely benign (class 1)
    }
    assertThat(Metrics.rocAuc(subset(y, s.test()), score)).isGreaterThan(0.9);
  }

  @Test
  void rankAucAgreesWithCountingEveryPairOnTieHeavyDigitPixels() throws IOException {
    Frame digits = load("digits.csv");
    int[] y = labels(digits);
    int[] isZero = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      isZero[i] = y[i] == 0 ? 1 : 0;
    }
    // Pixel intensities are integers 0..16, so almost every score is tied with many others.
    float[] pixel = ((NumericColumn) digits.column("pixel_3_2")).values();
    double[] score = new double[pixel.length];
    for (int i = 0; i < score.length; i++) {
      score[i] = pixel[i];
    }

    assertThat(Metrics.rocAuc(isZero, score)).isCloseTo(pairwiseAuc(isZero, score), within(1e-12));
  }

  private static double pairwiseAuc(int[] y, double[] score) {
    double wins = 0;
    long pairs = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (y[i] == 1 && y[j] == 0) {
          wins += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
          pairs++;
        }
      }
    }
    return wins / pairs;
  }

  /** Probabilities from a softmax over negative squared distances to the class centroids. */
  private static double[][] nearestCentroid(FeatureMatrix train, int[] y, FeatureMatrix test, int k) {
    int d = train.cols();
    double[][] centroid = new double[k][d];
    int[] counts = new int[k];
    for (int i = 0; i < train.rows(); i++) {
      counts[y[i]]++;
      for (int j = 0; j < d; j++) {
        centroid[y[i]][j] += train.get(i, j);
      }
    }
    double[][] proba = new double[test.rows()][k];
    for (int i = 0; i < test.rows(); i++) {
      double sum = 0;
      for (int c = 0; c < k; c++) {
        double dist = 0;
        for (int j = 0; j < d; j++) {
          double diff = test.get(i, j) - centroid[c][j] / counts[c];
          dist += diff * diff;
        }
        proba[i][c] = Math.exp(-dist);
        sum += proba[i][c];
      }
      for (int c = 0; c < k; c++) {
        proba[i][c] /= sum;
      }
    }
    return proba;
  }

  private static void assertStandardized(FeatureMatrix x) {
    for (int j = 0; j < x.cols(); j++) {
      double mean = 0;
      double sq = 0;
      for (float v : x.column(j)) {
        mean += v;
        sq += (double) v * v;
      }
      mean /= x.rows();
      assertThat(mean).isCloseTo(0, within(1e-5));
      assertThat(Math.sqrt(sq / x.rows() - mean * mean)).isCloseTo(1, within(1e-5));
    }
  }

  /** Loads one of the plain numeric shared CSV files (header row, no quoting, no missing cells). */
  private static Frame load(String name) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(TestDatasets.file(name))) {
      csv.forEach(r -> rows.add(r.getFields()));
    }
    List<String> header = rows.get(0);
    List<Column> columns = new ArrayList<>();
    for (int j = 0; j < header.size(); j++) {
      float[] v = new float[rows.size() - 1];
      for (int i = 1; i < rows.size(); i++) {
        v[i - 1] = Float.parseFloat(rows.get(i).get(j));
      }
      columns.add(new NumericColumn(header.get(j), v));
    }
    return Frame.of(columns);
  }

  private static int[] labels(Frame f) {
    float[] v = ((NumericColumn) f.column("label")).values();
    int[] y = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      y[i] = (int) v[i];
    }
    return y;
  }

  private static int[] subset(int[] values, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  private static int[] countByClass(int[] y, int[] rows, int k) {
    int[] counts = new int[k];
    for (int r : rows) {
      counts[y[r]]++;
    }
    return counts;
  }
}
