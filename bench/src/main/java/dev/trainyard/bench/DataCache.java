package dev.trainyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Prepares the benchmark's train/test files once, in the common layout of bench/README.md (plain
 * CSV, header, numeric features, label last), under a cache directory, and reuses them. A split is
 * complete when its sidecar {@code NAME.json} exists (written last), so an interrupted preparation
 * is redone. Names hold the sizes and the seed. Not thread-safe.
 */
final class DataCache {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Arrival delay (minutes) from which a flight counts as delayed (BTS's definition). */
  private static final int DELAYED_MINUTES = 15;

  private final Path shared;
  private final Path dir;
  private final long seed;

  /** A prepared train/test pair with its row counts and how it was made. */
  record Split(String name, Path train, Path test, long trainRows, long testRows, String note) {}

  DataCache(Path sharedDatasets, Path cacheDir, long seed) {
    this.shared = sharedDatasets;
    this.dir = cacheDir;
    this.seed = seed;
  }

  /** The shared Fashion-MNIST files uncompressed, the first {@code trainRows}/{@code testRows} rows (0: all). */
  Split fashion(int trainRows, int testRows) throws IOException {
    String name = "fmnist-" + (trainRows == 0 ? "all" : trainRows + "x" + testRows);
    return cached(name, (train, test) -> {
      long a = copyRows(shared.resolve("fashion_mnist_train.csv.gz"), train, trainRows);
      long b = copyRows(shared.resolve("fashion_mnist_test.csv.gz"), test, testRows);
      return new long[] {a, b};
    }, "Fashion-MNIST, 784 pixel features 0-255, 10 classes" + (trainRows == 0 ? "" : ", first rows only"));
  }

  /**
   * {@code rows} of flights_3m (all of them when rows >= 3M) picked by selection sampling with the
   * seed, airports as integer codes, {@code label} = arrival delay >= 15 min; seeded 80/20 split.
   */
  Split flights(int rows) throws IOException {
    Path src = shared.resolve("flights_3m.csv.gz");
    String name = "flights-" + rows + "-s" + seed;
    return cached(name, (train, test) -> Flights.convert(src, train, test, rows, seed), "flights 2001, " + rows
        + " rows sampled with seed " + seed + ", binary label arrival delay >= " + DELAYED_MINUTES
        + " min, airports as integer codes, 80/20 split");
  }

  /** Seeded dense binary problem, see {@link Synthetic#logistic}. */
  Split syntheticLogistic(int trainRows, int testRows, int features) throws IOException {
    String name = "synthlr-" + trainRows + "x" + features + "-s" + seed;
    return cached(name, (train, test) -> Synthetic.logistic(train, test, trainRows, testRows, features, seed),
        "synthetic logistic, " + features + " N(0,1) features, y ~ Bernoulli(sigmoid(w.x - 1)), w ~ N(0, 9/"
            + features + ")");
  }

  /** MovieLens small ratings as user,item,rating; seeded 80/20 split; cold-start test pairs dropped. */
  Split movielens() throws IOException {
    String name = "movielens-s" + seed;
    return cached(name, (train, test) -> Synthetic.splitRatings(shared.resolve("movielens_ratings.csv"), train, test,
        0.2, seed), "MovieLens small (100,004 ratings), 80/20 split, test pairs with a user or item unseen in training"
        + " dropped");
  }

  /** Seeded low-rank ratings, see {@link Synthetic#lowRankRatings}. */
  Split syntheticAls(long ratings, int users, int items) throws IOException {
    String name = "synthals-" + ratings + "-" + users + "x" + items + "-s" + seed;
    return cached(name, (train, test) -> Synthetic.lowRankRatings(train, test, ratings, users, items, 10, seed),
        "synthetic ratings, " + users + " users x " + items + " items, rank-10 truth + N(0, 0.5^2) noise, 90/10 split");
  }

  @FunctionalInterface
  interface Maker {
    /** Writes both files; returns {train rows, test rows}. */
    long[] make(Path train, Path test) throws IOException;
  }

  private Split cached(String name, Maker maker, String note) throws IOException {
    Files.createDirectories(dir);
    Path train = dir.resolve(name + "-train.csv");
    Path test = dir.resolve(name + "-test.csv");
    Path meta = dir.resolve(name + ".json");
    if (Files.isRegularFile(meta) && Files.isRegularFile(train) && Files.isRegularFile(test)) {
      JsonNode j = JSON.readTree(meta.toFile());
      return new Split(name, train, test, j.path("train_rows").asLong(), j.path("test_rows").asLong(), note);
    }
    System.out.printf(Locale.ROOT, "preparing %s in %s ...%n", name, dir);
    long t0 = System.nanoTime();
    Path trainTmp = dir.resolve(name + "-train.csv.tmp");
    Path testTmp = dir.resolve(name + "-test.csv.tmp");
    long[] rows = maker.make(trainTmp, testTmp);
    Files.move(trainTmp, train, StandardCopyOption.REPLACE_EXISTING);
    Files.move(testTmp, test, StandardCopyOption.REPLACE_EXISTING);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train_rows", rows[0]);
    m.put("test_rows", rows[1]);
    m.put("seed", seed);
    m.put("note", note);
    JSON.writeValue(meta.toFile(), m);
    System.out.printf(Locale.ROOT, "prepared %s: %,d train and %,d test rows in %.1f s%n", name, rows[0], rows[1],
        (System.nanoTime() - t0) / 1e9);
    return new Split(name, train, test, rows[0], rows[1], note);
  }

  /** Copies the header and the first {@code rows} data lines (0: all) of a gzipped CSV; returns the lines copied. */
  private static long copyRows(Path gz, Path out, int rows) throws IOException {
    try (BufferedReader in = reader(gz); BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      w.write(in.readLine());
      w.write('\n');
      long n = 0;
      for (String line; (rows == 0 || n < rows) && (line = in.readLine()) != null; n++) {
        w.write(line);
        w.write('\n');
      }
      return n;
    }
  }

  static BufferedReader reader(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    if (file.getFileName().toString().endsWith(".gz")) {
      in = new GZIPInputStream(in, 1 << 16);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  /** Records of a CSV file, header included, through FastCSV (a real RFC 4180 parser). */
  static CsvReader<CsvRecord> csv(Reader in) {
    return CsvReader.builder().ofCsvRecord(in);
  }

  /** flights_3m → the common layout. */
  static final class Flights {
    private Flights() {}

    static long[] convert(Path src, Path train, Path test, int rows, long seed) throws IOException {
      // pass 1: row count (for exact-size sampling) and the airport codes (for stable integer codes)
      TreeSet<String> airports = new TreeSet<>();
      long total = 0;
      int[] col;
      try (CsvReader<CsvRecord> r = csv(reader(src))) {
        var it = r.iterator();
        col = columns(it.next());
        while (it.hasNext()) {
          CsvRecord rec = it.next();
          airports.add(rec.getField(col[6]));
          airports.add(rec.getField(col[7]));
          total++;
        }
      }
      Map<String, Integer> code = new LinkedHashMap<>();
      for (String a : airports) {
        code.put(a, code.size());
      }
      long want = Math.min(rows, total);
      SplittableRandom pick = new SplittableRandom(seed);
      SplittableRandom split = new SplittableRandom(seed + 1);
      long[] counts = new long[2];
      try (CsvReader<CsvRecord> r = csv(reader(src));
          Writer tr = Files.newBufferedWriter(train, StandardCharsets.UTF_8);
          Writer te = Files.newBufferedWriter(test, StandardCharsets.UTF_8)) {
        String header = "month,day_of_month,day_of_week,hour,minute,distance,origin,destination,label\n";
        tr.write(header);
        te.write(header);
        var it = r.iterator();
        it.next();
        long seen = 0;
        long taken = 0;
        StringBuilder sb = new StringBuilder(64);
        while (it.hasNext() && taken < want) {
          CsvRecord rec = it.next();
          // Knuth's selection sampling: exactly `want` of `total` rows, each subset equally likely
          boolean take = pick.nextDouble() * (total - seen) < want - taken;
          seen++;
          if (!take) {
            continue;
          }
          taken++;
          sb.setLength(0);
          for (int i = 0; i < 6; i++) {
            sb.append(rec.getField(col[i])).append(',');
          }
          sb.append(code.get(rec.getField(col[6]))).append(',').append(code.get(rec.getField(col[7]))).append(',');
          sb.append(Integer.parseInt(rec.getField(col[8]).trim()) >= DELAYED_MINUTES ? '1' : '0').append('\n');
          boolean isTest = split.nextDouble() < 0.2;
          (isTest ? te : tr).append(sb);
          counts[isTest ? 1 : 0]++;
        }
      }
      return counts;
    }

    private static int[] columns(CsvRecord header) {
      List<String> names = header.getFields();
      String[] want = {"month", "day_of_month", "day_of_week", "hour", "minute", "distance", "origin", "destination",
          "label"};
      int[] idx = new int[want.length];
      for (int i = 0; i < want.length; i++) {
        idx[i] = names.indexOf(want[i]);
        if (idx[i] < 0) {
          throw new IllegalStateException("flights file has no column '" + want[i] + "'; it has " + names);
        }
      }
      return idx;
    }
  }
}
