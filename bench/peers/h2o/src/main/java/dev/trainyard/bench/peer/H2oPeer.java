package dev.trainyard.bench.peer;

import hex.Model;
import hex.ModelBuilder;
import hex.glm.GLM;
import hex.glm.GLMModel.GLMParameters;
import hex.tree.drf.DRF;
import hex.tree.drf.DRFModel.DRFParameters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import water.DKV;
import water.H2O;
import water.Key;
import water.fvec.Frame;
import water.fvec.NFSFileVec;
import water.fvec.Vec;
import water.parser.ParseDataset;

/**
 * H2O-3 3.44 embedded as a benchmark peer: a cloud of one node on 127.0.0.1 (flatfile, no
 * multicast, no web server), DRF for random-forest and GLM (multinomial / binomial, pure L2) for
 * softmax and logistic. Load time is H2O's own parse of the CSV into a Frame plus making the label
 * categorical; the node's start is in neither time.
 */
public final class H2oPeer {
  private H2oPeer() {}

  public static void main(String[] args) {
    PeerMain.main("h2o", args, H2oPeer::run);
  }

  private static PeerMain.Result run(PeerMain.Run run) throws IOException {
    if (run.workload.equals("als")) {
      throw run.unsupported();
    }
    boot(run);
    long t0 = System.nanoTime();
    Frame train = load(run.train, "train.hex");
    Frame test = load(run.test, "test.hex");
    double load = PeerMain.secondsSince(t0);

    ModelBuilder<?, ?, ?> builder = run.workload.equals("random-forest") ? drf(run, train) : glm(run, train);
    long t1 = System.nanoTime();
    Model<?, ?, ?> model = builder.trainModel().get();
    double trainSeconds = PeerMain.secondsSince(t1);

    Frame pred = model.score(test);
    String[] classes = model._output.classNames();
    int k = 0;
    for (String c : classes) {
      k = Math.max(k, Integer.parseInt(c) + 1);
    }
    int n = (int) test.numRows();
    double[] probs = new double[n * k];
    int[] labels = new int[n];
    Vec y = test.vec("label");
    String[] yDomain = y.domain();
    for (int j = 0; j < classes.length; j++) {
      Vec p = pred.vec(j + 1); // column 0 is the predicted class, then one probability per class
      int c = Integer.parseInt(classes[j]);
      for (int r = 0; r < n; r++) {
        probs[r * k + c] = p.at(r);
      }
    }
    for (int r = 0; r < n; r++) {
      labels[r] = Integer.parseInt(yDomain[(int) y.at8(r)]);
    }
    return new PeerMain.Result(load, trainSeconds, Metrics.classification(probs, k, labels));
  }

  private static DRF drf(PeerMain.Run run, Frame train) {
    Params p = run.params;
    DRFParameters d = new DRFParameters();
    d._train = train._key;
    d._response_column = "label";
    d._seed = run.seed;
    run.map("SEED", "_seed", run.seed);
    int features = train.numCols() - 1;
    p.integer("trees").ifPresent(t -> {
      d._ntrees = t;
      run.map("trees (multinomial: H2O grows one tree per class per iteration)", "_ntrees", t);
    });
    p.integer("max_depth").ifPresent(m -> {
      d._max_depth = m; // 0 is unlimited in H2O too
      run.map("max_depth", "_max_depth", m);
    });
    p.integer("min_leaf").ifPresent(m -> {
      d._min_rows = m;
      run.map("min_leaf", "_min_rows", m);
    });
    p.string("features").ifPresent(f -> {
      int mtries = switch (f) {
        case "sqrt" -> -1; // H2O: sqrt(p) for classification
        case "all" -> -2; // H2O: every feature
        default -> {
          double v = Double.parseDouble(f);
          yield v > 1 ? (int) v : Math.max(1, (int) Math.round(v * features));
        }
      };
      d._mtries = mtries;
      run.map("features=" + f, "_mtries", mtries);
    });
    p.integer("max_bins").ifPresent(b -> {
      d._nbins = b;
      run.map("max_bins", "_nbins", b);
    });
    if (!p.all().containsKey("trees")) {
      run.map("(H2O default)", "_ntrees", d._ntrees);
    }
    if (!p.all().containsKey("max_depth")) {
      run.map("(H2O default)", "_max_depth", d._max_depth);
    }
    if (!p.all().containsKey("min_leaf")) {
      run.map("(H2O default)", "_min_rows", d._min_rows);
    }
    if (!p.all().containsKey("features")) {
      run.map("(H2O default: sqrt(p) for classification)", "_mtries", d._mtries);
    }
    run.map("(H2O default)", "_nbins", d._nbins);
    run.map("(H2O default)", "_nbins_top_level", d._nbins_top_level);
    run.map("(H2O default: rows sampled without replacement, not a bootstrap)", "_sample_rate", d._sample_rate);
    return new DRF(d);
  }

  private static GLM glm(PeerMain.Run run, Frame train) {
    Params p = run.params;
    GLMParameters.Family family = run.workload.equals("softmax")
        ? GLMParameters.Family.multinomial : GLMParameters.Family.binomial;
    GLMParameters g = new GLMParameters(family);
    g._train = train._key;
    g._response_column = "label";
    g._seed = run.seed;
    g._alpha = new double[] {0};
    g._lambda_search = false;
    run.map("workload " + run.workload, "_family", family);
    run.map("(pure L2)", "_alpha", 0);
    run.map("SEED", "_seed", run.seed);
    p.number("l2").ifPresent(l2 -> {
      // H2O minimises -loglik/n + lambda * (1 - alpha)/2 |w|^2: the same scale as our l2 at alpha 0
      g._lambda = new double[] {l2};
      run.map("l2", "_lambda", l2);
    });
    if (g._lambda == null) {
      run.map("(no l2 given)", "_lambda", "H2O default (data-dependent)");
    }
    p.firstInteger("iterations", "epochs").ifPresent(it -> {
      g._max_iterations = it;
      run.map("iterations|epochs (solver iterations)", "_max_iterations", it);
    });
    p.string("standardize").ifPresent(s -> g._standardize = Boolean.parseBoolean(s));
    run.map("(H2O default unless standardize given)", "_standardize", g._standardize);
    if (!p.all().containsKey("iterations") && !p.all().containsKey("epochs")) {
      run.map("(H2O default)", "_max_iterations", g._max_iterations + " (-1: H2O picks)");
    }
    run.map("(H2O default)", "_solver", g._solver);
    p.number("learning_rate").ifPresent(r -> run.map("learning_rate=" + r + " (GLM solvers have no step size)",
        "ignored.learning_rate", r));
    return new GLM(g);
  }

  /** Starts a one-node cloud on 127.0.0.1 with a private flatfile, ice root and log directory. */
  private static void boot(PeerMain.Run run) throws IOException {
    Path work = Files.createTempDirectory("h2o-peer");
    int port = freePortPair();
    Path flatfile = work.resolve("flatfile.txt");
    Files.writeString(flatfile, "127.0.0.1:" + port + "\n");
    String[] args = {
        "-name", "trainyard-bench-" + ProcessHandle.current().pid(),
        "-ip", "127.0.0.1",
        "-port", Integer.toString(port),
        "-flatfile", flatfile.toString(),
        "-nthreads", Integer.toString(run.threads),
        "-ice_root", work.resolve("ice").toString(),
        "-log_dir", work.resolve("logs").toString(),
        "-log_level", "WARN",
        "-disable_web",
        "-allow_unsupported_java",
    };
    run.map("THREADS", "-nthreads", run.threads);
    H2O.main(args);
    H2O.waitForCloudSize(1, 60_000);
  }

  /** A port p with p + 1 free as well (H2O's node uses both). */
  private static int freePortPair() throws IOException {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    for (int attempt = 0; attempt < 50; attempt++) {
      int p;
      try (ServerSocket s = new ServerSocket(0, 1, lo)) {
        p = s.getLocalPort();
      }
      if (p >= 65535) {
        continue;
      }
      try (ServerSocket a = new ServerSocket(p, 1, lo); ServerSocket b = new ServerSocket(p + 1, 1, lo)) {
        return p;
      } catch (IOException busy) {
        // try another pair
      }
    }
    throw new IOException("no two consecutive free ports on 127.0.0.1");
  }

  /** H2O's parallel parser into a Frame; the label column becomes categorical (classes). */
  private static Frame load(Path file, String name) throws IOException {
    NumericCsv.header(file); // same contract check as the other peers: label last
    NFSFileVec nfs = NFSFileVec.make(file.toFile());
    Frame f = ParseDataset.parse(Key.make(name), nfs._key);
    Vec y = f.remove("label");
    f.add("label", y.toCategoricalVec());
    y.remove();
    DKV.put(f);
    return f;
  }
}
