package dev.trainyard.bench.peer;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.classification.RandomForestClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Spark MLlib 4.1 in {@code local[THREADS]} as a benchmark peer: RandomForestClassifier,
 * LogisticRegression (multinomial for softmax, binomial for logistic) and ALS. Load time is
 * reading the CSV into a cached, {@code THREADS}-partitioned DataFrame (features assembled into one
 * vector column) and materialising it; the Spark session's start is in neither time.
 */
public final class SparkPeer {
  /** Spark requires maxDepth <= 30. */
  private static final int SPARK_MAX_DEPTH = 30;

  private SparkPeer() {}

  public static void main(String[] args) {
    PeerMain.main("spark", args, SparkPeer::run);
  }

  private static PeerMain.Result run(PeerMain.Run run) throws IOException {
    SparkSession spark = SparkSession.builder()
        .appName("trainyard-bench-peer")
        .master("local[" + run.threads + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // ALS shuffles; 200 partitions (the default) for a 2-core local run is mostly overhead
        .config("spark.sql.shuffle.partitions", Integer.toString(2 * run.threads))
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    run.map("THREADS", "master", "local[" + run.threads + "]");
    run.map("THREADS", "spark.sql.shuffle.partitions", 2 * run.threads);
    try {
      return switch (run.workload) {
        case "random-forest", "softmax", "logistic" -> classify(spark, run);
        case "als" -> als(spark, run);
        default -> throw run.unsupported();
      };
    } finally {
      spark.stop();
    }
  }

  private static PeerMain.Result classify(SparkSession spark, PeerMain.Run run) throws IOException {
    long t0 = System.nanoTime();
    Dataset<Row> train = loadLabelled(spark, run.train, run.threads);
    Dataset<Row> test = loadLabelled(spark, run.test, run.threads);
    double load = PeerMain.secondsSince(t0);

    ProbabilisticClassificationModel<Vector, ?> model;
    long t1 = System.nanoTime();
    if (run.workload.equals("random-forest")) {
      model = forest(run).fit(train);
    } else {
      model = logistic(run).fit(train);
    }
    double trainSeconds = PeerMain.secondsSince(t1);

    int k = model.numClasses();
    List<Row> rows = model.transform(test).select("label", "probability").collectAsList();
    double[] probs = new double[rows.size() * k];
    int[] labels = new int[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      labels[r] = (int) rows.get(r).getDouble(0);
      Vector p = rows.get(r).getAs(1);
      for (int c = 0; c < k; c++) {
        probs[r * k + c] = p.apply(c);
      }
    }
    return new PeerMain.Result(load, trainSeconds, Metrics.classification(probs, k, labels));
  }

  private static RandomForestClassifier forest(PeerMain.Run run) {
    Params p = run.params;
    RandomForestClassifier rf = new RandomForestClassifier().setLabelCol("label").setFeaturesCol("features")
        .setSeed(run.seed);
    run.map("SEED", "seed", run.seed);
    p.integer("trees").ifPresent(t -> {
      rf.setNumTrees(t);
      run.map("trees", "numTrees", t);
    });
    p.integer("max_depth").ifPresent(d -> {
      int depth = d == 0 || d > SPARK_MAX_DEPTH ? SPARK_MAX_DEPTH : d;
      rf.setMaxDepth(depth);
      run.map("max_depth=" + d + (depth != d ? " (Spark allows at most 30)" : ""), "maxDepth", depth);
    });
    p.integer("min_leaf").ifPresent(m -> {
      rf.setMinInstancesPerNode(m);
      run.map("min_leaf", "minInstancesPerNode", m);
    });
    p.string("features").ifPresent(f -> {
      String strategy = switch (f) {
        case "sqrt", "all", "log2", "onethird" -> f;
        default -> {
          double v = Double.parseDouble(f); // a fraction in (0, 1] or a count; Spark takes both as text
          yield v == Math.rint(v) && v > 1 ? Integer.toString((int) v) : f;
        }
      };
      rf.setFeatureSubsetStrategy(strategy);
      run.map("features=" + f, "featureSubsetStrategy", strategy);
    });
    p.integer("max_bins").ifPresent(b -> {
      rf.setMaxBins(b);
      run.map("max_bins", "maxBins", b);
    });
    if (!p.all().containsKey("trees")) {
      run.map("(Spark default)", "numTrees", rf.getNumTrees());
    }
    if (!p.all().containsKey("max_depth")) {
      run.map("(Spark default)", "maxDepth", rf.getMaxDepth());
    }
    if (!p.all().containsKey("min_leaf")) {
      run.map("(Spark default)", "minInstancesPerNode", rf.getMinInstancesPerNode());
    }
    if (!p.all().containsKey("features")) {
      run.map("(Spark default)", "featureSubsetStrategy", rf.getFeatureSubsetStrategy());
    }
    run.map("(Spark default)", "maxBins", rf.getMaxBins());
    run.map("(Spark default)", "impurity", rf.getImpurity());
    run.map("(Spark default: bootstrap with replacement)", "subsamplingRate", rf.getSubsamplingRate());
    return rf;
  }

  private static LogisticRegression logistic(PeerMain.Run run) {
    Params p = run.params;
    String family = run.workload.equals("softmax") ? "multinomial" : "binomial";
    LogisticRegression lr = new LogisticRegression().setLabelCol("label").setFeaturesCol("features")
        .setFamily(family).setElasticNetParam(0);
    run.map("workload " + run.workload, "family", family);
    run.map("(pure L2)", "elasticNetParam", 0);
    p.firstInteger("iterations", "epochs").ifPresent(it -> {
      lr.setMaxIter(it);
      run.map("iterations|epochs (L-BFGS iterations, each one full pass)", "maxIter", it);
    });
    p.number("l2").ifPresent(l2 -> {
      // Spark minimises mean loss + regParam/2 |w|^2 (biases excluded): the same scale as our l2
      lr.setRegParam(l2);
      run.map("l2", "regParam", l2);
    });
    p.string("standardize").ifPresent(s -> lr.setStandardization(Boolean.parseBoolean(s)));
    run.map("(Spark default unless standardize given)", "standardization", lr.getStandardization());
    run.map("(Spark default)", "tol", lr.getTol());
    p.number("learning_rate").ifPresent(r -> run.map("learning_rate=" + r + " (L-BFGS has no step size)",
        "ignored.learning_rate", r));
    if (!p.all().containsKey("iterations") && !p.all().containsKey("epochs")) {
      run.map("(Spark default)", "maxIter", lr.getMaxIter());
    }
    return lr;
  }

  private static PeerMain.Result als(SparkSession spark, PeerMain.Run run) throws IOException {
    long t0 = System.nanoTime();
    Dataset<Row> train = loadRatings(spark, run.train, run.threads);
    Dataset<Row> test = loadRatings(spark, run.test, run.threads);
    double load = PeerMain.secondsSince(t0);

    Params p = run.params;
    ALS als = new ALS().setUserCol("user").setItemCol("item").setRatingCol("rating").setSeed(run.seed)
        .setColdStartStrategy("drop").setImplicitPrefs(false);
    run.map("SEED", "seed", run.seed);
    p.integer("rank").ifPresent(r -> {
      als.setRank(r);
      run.map("rank", "rank", r);
    });
    p.number("lambda").ifPresent(l -> {
      // both weight it by the row's rating count (ALS-WR); Spark fits no user/item biases
      als.setRegParam(l);
      run.map("lambda (weighted-λ in both)", "regParam", l);
    });
    p.firstInteger("iterations", "epochs").ifPresent(it -> {
      als.setMaxIter(it);
      run.map("iterations|epochs", "maxIter", it);
    });
    if (!p.all().containsKey("rank")) {
      run.map("(Spark default)", "rank", als.getRank());
    }
    if (!p.all().containsKey("lambda")) {
      run.map("(Spark default)", "regParam", als.getRegParam());
    }
    if (!p.all().containsKey("iterations") && !p.all().containsKey("epochs")) {
      run.map("(Spark default)", "maxIter", als.getMaxIter());
    }
    run.map("(test users/items unseen in training are dropped)", "coldStartStrategy", "drop");

    long t1 = System.nanoTime();
    ALSModel model = als.fit(train);
    double trainSeconds = PeerMain.secondsSince(t1);

    long testRows = test.count();
    List<Row> rows = model.transform(test).select("rating", "prediction").collectAsList();
    double[] actual = new double[rows.size()];
    double[] predicted = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      actual[i] = rows.get(i).getFloat(0);
      predicted[i] = rows.get(i).getFloat(1);
    }
    System.err.println("spark: scored " + rows.size() + " of " + testRows + " test ratings ("
        + (testRows - rows.size()) + " cold-start rows dropped)");
    return new PeerMain.Result(load, trainSeconds, Metrics.regression(predicted, actual));
  }

  /** All columns as doubles (header names kept), features assembled into one vector column. */
  private static Dataset<Row> loadLabelled(SparkSession spark, Path file, int threads) throws IOException {
    String[] header = NumericCsv.header(file);
    Dataset<Row> raw = spark.read().option("header", "true").schema(doubles(header)).csv(file.toString());
    String[] features = Arrays.copyOf(header, header.length - 1);
    Dataset<Row> df = new VectorAssembler().setInputCols(features).setOutputCol("features").transform(raw)
        .select("features", "label")
        // a .gz file is one partition: spread it so local[THREADS] trains on every thread
        .repartition(threads).cache();
    df.count();
    return df;
  }

  private static Dataset<Row> loadRatings(SparkSession spark, Path file, int threads) throws IOException {
    String header;
    try (var r = NumericCsv.open(file)) {
      header = r.readLine();
    }
    String[] cols = header == null ? new String[0] : header.trim().split(",", -1);
    if (!Arrays.asList(cols).containsAll(List.of("user", "item", "rating"))) {
      throw new IllegalArgumentException(file + ": ratings need columns user,item,rating; header was " + header);
    }
    Dataset<Row> df = spark.read().option("header", "true").schema(doubles(cols)).csv(file.toString())
        .select(col("user").cast("int"), col("item").cast("int"), col("rating").cast("float"))
        .repartition(threads).cache();
    df.count();
    return df;
  }

  private static StructType doubles(String[] names) {
    StructField[] f = new StructField[names.length];
    for (int j = 0; j < names.length; j++) {
      f[j] = DataTypes.createStructField(names[j].trim(), DataTypes.DoubleType, false);
    }
    return new StructType(f);
  }
}
