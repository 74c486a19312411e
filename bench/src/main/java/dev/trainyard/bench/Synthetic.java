package dev.trainyard.bench;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Seeded generators and splitters of the benchmark's rating and synthetic files (same seed, same
 * bytes). Numbers are written with 4 decimals by hand: {@code String.format} would dominate the
 * time of writing 10^8 cells.
 */
final class Synthetic {
  private static final int FLUSH_CHARS = 1 << 16;

  private Synthetic() {}

  /**
   * Dense binary classification: {@code x ~ N(0,1)^d}, true weights {@code w ~ N(0, 9/d)} (so
   * {@code w·x} has standard deviation about 3), bias -1, {@code y ~ Bernoulli(sigmoid(w·x - 1))}.
   * The Bayes log-loss is well above 0, so systems converge to a common floor.
   */
  static long[] logistic(Path train, Path test, int trainRows, int testRows, int d, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[d];
    for (int j = 0; j < d; j++) {
      w[j] = gaussian(r) * 3 / Math.sqrt(d);
    }
    StringBuilder header = new StringBuilder();
    for (int j = 0; j < d; j++) {
      header.append('x').append(j).append(',');
    }
    header.append("label\n");
    writeLogistic(train, header, w, trainRows, r.split());
    writeLogistic(test, header, w, testRows, r.split());
    return new long[] {trainRows, testRows};
  }

  private static void writeLogistic(Path out, CharSequence header, double[] w, int rows, SplittableRandom r)
      throws IOException {
    try (Writer wr = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
      wr.append(header);
      StringBuilder sb = new StringBuilder(FLUSH_CHARS + 4096);
      double[] x = new double[w.length];
      for (int i = 0; i < rows; i++) {
        double z = -1;
        for (int j = 0; j < w.length; j++) {
          x[j] = Math.round(gaussian(r) * 1e4) / 1e4;
          z += w[j] * x[j];
          appendFixed4(sb, x[j]);
          sb.append(',');
        }
        sb.append(r.nextDouble() < 1 / (1 + Math.exp(-z)) ? '1' : '0').append('\n');
        if (sb.length() > FLUSH_CHARS) {
          wr.append(sb);
          sb.setLength(0);
        }
      }
      wr.append(sb);
    }
  }

  /**
   * Explicit ratings of rank {@code rank}: user and item factors with entries ~ N(0, 10^-1/2) (so
   * {@code u·v} has unit variance for rank 10), rating = 3 + u·v + N(0, 0.5²) clipped to [0.5, 5].
   * Each user rates {@code ratings/users} (±1) distinct items; items are drawn with a popularity
   * skew ({@code items·U²}). 10% of ratings go to the test file, minus those whose user or item
   * has no training rating.
   */
  static long[] lowRankRatings(Path train, Path test, long ratings, int users, int items, int rank, long seed)
      throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    double sd = Math.pow(rank, -0.25);
    float[] u = factors(r, users, rank, sd);
    float[] v = factors(r, items, rank, sd);
    BitSet trainUsers = new BitSet(users);
    BitSet trainItems = new BitSet(items);
    List<long[]> held = new ArrayList<>();
    long trainRows = 0;
    try (Writer wr = Files.newBufferedWriter(train, StandardCharsets.UTF_8)) {
      wr.append("user,item,rating\n");
      StringBuilder sb = new StringBuilder(FLUSH_CHARS + 256);
      Set<Integer> mine = new HashSet<>();
      for (int user = 0; user < users; user++) {
        long n = ratings / users + (user < ratings % users ? 1 : 0);
        mine.clear();
        while (mine.size() < n) {
          int item = (int) (items * sq(r.nextDouble()));
          if (!mine.add(item)) {
            continue;
          }
          double dot = 0;
          for (int k = 0; k < rank; k++) {
            dot += u[user * rank + k] * v[item * rank + k];
          }
          double rating = Math.max(0.5, Math.min(5, 3 + dot + 0.5 * gaussian(r)));
          int rating1000 = (int) Math.round(rating * 1000);
          if (r.nextDouble() < 0.1) {
            held.add(new long[] {user, item, rating1000});
            continue;
          }
          trainUsers.set(user);
          trainItems.set(item);
          sb.append(user).append(',').append(item).append(',');
          appendMillis(sb, rating1000);
          sb.append('\n');
          trainRows++;
          if (sb.length() > FLUSH_CHARS) {
            wr.append(sb);
            sb.setLength(0);
          }
        }
      }
      wr.append(sb);
    }
    long testRows = 0;
    try (Writer wr = Files.newBufferedWriter(test, StandardCharsets.UTF_8)) {
      wr.append("user,item,rating\n");
      StringBuilder sb = new StringBuilder();
      for (long[] h : held) {
        if (trainUsers.get((int) h[0]) && trainItems.get((int) h[1])) {
          sb.append(h[0]).append(',').append(h[1]).append(',');
          appendMillis(sb, (int) h[2]);
          sb.append('\n');
          testRows++;
        }
        if (sb.length() > FLUSH_CHARS) {
          wr.append(sb);
          sb.setLength(0);
        }
      }
      wr.append(sb);
    }
    return new long[] {trainRows, testRows};
  }

  /**
   * {@code user,item,rating} of a ratings file (other columns dropped), each row to the test file
   * with probability {@code testFraction}; test rows whose user or item has no training row are
   * dropped (cold start).
   */
  static long[] splitRatings(Path src, Path train, Path test, double testFraction, long seed) throws IOException {
    SplittableRandom r = new SplittableRandom(seed);
    List<String[]> held = new ArrayList<>();
    Set<String> users = new HashSet<>();
    Set<String> items = new HashSet<>();
    long trainRows = 0;
    try (BufferedReader in = DataCache.reader(src); CsvReader<CsvRecord> csv = DataCache.csv(in);
        Writer wr = Files.newBufferedWriter(train, StandardCharsets.UTF_8)) {
      var it = csv.iterator();
      List<String> header = it.next().getFields();
      int ui = header.indexOf("user");
      int ii = header.indexOf("item");
      int ri = header.indexOf("rating");
      if (ui < 0 || ii < 0 || ri < 0) {
        throw new IllegalStateException(src + " needs columns user, item, rating; it has " + header);
      }
      wr.write("user,item,rating\n");
      while (it.hasNext()) {
        CsvRecord rec = it.next();
        String[] row = {rec.getField(ui), rec.getField(ii), rec.getField(ri)};
        if (r.nextDouble() < testFraction) {
          held.add(row);
        } else {
          users.add(row[0]);
          items.add(row[1]);
          wr.write(row[0] + "," + row[1] + "," + row[2] + "\n");
          trainRows++;
        }
      }
    }
    long testRows = 0;
    try (Writer wr = Files.newBufferedWriter(test, StandardCharsets.UTF_8)) {
      wr.write("user,item,rating\n");
      for (String[] row : held) {
        if (users.contains(row[0]) && items.contains(row[1])) {
          wr.write(row[0] + "," + row[1] + "," + row[2] + "\n");
          testRows++;
        }
      }
    }
    return new long[] {trainRows, testRows};
  }

  private static float[] factors(SplittableRandom r, int rows, int rank, double sd) {
    float[] f = new float[rows * rank];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) (gaussian(r) * sd);
    }
    return f;
  }

  private static double sq(double x) {
    return x * x;
  }

  /** Standard normal by Box–Muller (one of the pair; simple and seeded, speed is not the point here). */
  static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Appends {@code x} rounded to 4 decimals, e.g. -1.2345, 0.5 → 0.5000. */
  static void appendFixed4(StringBuilder sb, double x) {
    long v = Math.round(x * 1e4);
    if (v < 0) {
      sb.append('-');
      v = -v;
    }
    sb.append(v / 10_000).append('.');
    long frac = v % 10_000;
    if (frac < 1000) {
      sb.append('0');
    }
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
  }

  /** Appends thousandths as a decimal, e.g. 3250 → 3.25. */
  private static void appendMillis(StringBuilder sb, int millis) {
    sb.append(millis / 1000);
    int frac = millis % 1000;
    if (frac != 0) {
      sb.append('.');
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      String f = Integer.toString(frac);
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      sb.append(f, 0, end);
    }
  }
}
