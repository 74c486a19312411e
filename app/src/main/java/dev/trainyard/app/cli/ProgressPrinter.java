package dev.trainyard.app.cli;

import dev.trainyard.ml.model.ProgressListener;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows training progress on stderr: a redrawn bar on a terminal, plain lines otherwise (at most
 * about ten per stage, so logs stay readable). Thread-safe.
 */
public final class ProgressPrinter implements ProgressListener {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final boolean terminal;
  private final String prefix;
  /** The printer whose {@link #finish} closes any bar its stages left open; guards {@link #barOpen}. */
  private final ProgressPrinter root;
  private int lastLinePrinted = -1;
  private boolean barOpen;

  public ProgressPrinter(PrintStream out, boolean terminal, String prefix) {
    this(out, terminal, prefix, null);
  }

  private ProgressPrinter(PrintStream out, boolean terminal, String prefix, ProgressPrinter root) {
    this.out = out;
    this.terminal = terminal;
    this.prefix = prefix;
    this.root = root == null ? this : root;
  }

  /** True when stderr is probably an interactive terminal. */
  public static boolean stderrIsTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** A printer for a sub-stage such as one cross-validation fold. */
  public ProgressPrinter stage(String name) {
    root.finish();
    return new ProgressPrinter(out, terminal, name, root);
  }

  @Override
  public void onProgress(Progress p) {
    synchronized (root) {
      show(p);
    }
  }

  private void show(Progress p) {
    String losses = formatLosses(p);
    if (terminal) {
      int filled = p.total() <= 0 ? 0 : (int) ((long) WIDTH * p.done() / p.total());
      out.print("\r" + label() + "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] "
          + p.done() + "/" + p.total() + " " + p.unit() + losses + "   ");
      root.barOpen = true;
      if (p.done() >= p.total()) {
        root.finish();
      }
      out.flush();
      return;
    }
    int step = Math.max(1, p.total() / 10);
    if (p.done() == p.total() || p.done() - lastLinePrinted >= step || lastLinePrinted < 0) {
      out.println(label() + p.unit() + " " + p.done() + "/" + p.total() + losses);
      lastLinePrinted = p.done();
    }
  }

  private String label() {
    return prefix == null || prefix.isEmpty() ? "" : prefix + " ";
  }

  private static String formatLosses(Progress p) {
    StringBuilder sb = new StringBuilder();
    if (!Double.isNaN(p.loss())) {
      sb.append(String.format(Locale.ROOT, "  loss %.4f", p.loss()));
    }
    if (!Double.isNaN(p.validationLoss())) {
      sb.append(String.format(Locale.ROOT, "  val_loss %.4f", p.validationLoss()));
    }
    return sb.toString();
  }

  /** Ends a bar line left open (e.g. when early stopping ends training before the last epoch). */
  public void finish() {
    synchronized (root) {
      if (root.barOpen) {
        out.println();
        root.barOpen = false;
      }
    }
  }
}
