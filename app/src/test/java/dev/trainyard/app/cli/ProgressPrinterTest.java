package dev.trainyard.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trainyard.ml.model.ProgressListener.Progress;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void withoutATerminalPrintsAtMostAboutTenPlainLines() {
    ProgressPrinter p = new ProgressPrinter(out, false, "fold 1/5");
    for (int t = 1; t <= 100; t++) {
      p.onProgress(Progress.of("trees", t, 100));
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines.length).isBetween(10, 11);
    assertThat(lines[0]).isEqualTo("fold 1/5 trees 1/100");
    assertThat(lines[lines.length - 1]).isEqualTo("fold 1/5 trees 100/100");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
  }

  @Test
  void onATerminalRedrawsOneBarWithTheLoss() {
    ProgressPrinter p = new ProgressPrinter(out, true, "");
    p.onProgress(new Progress("epochs", 1, 2, 0.5, Double.NaN));
    p.onProgress(new Progress("epochs", 2, 2, 0.25, 0.3));
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertThat(s).startsWith("\r[###############               ] 1/2 epochs  loss 0.5000");
    assertThat(s).contains("\r[##############################] 2/2 epochs  loss 0.2500  val_loss 0.3000");
    assertThat(s).endsWith("\n");
  }

  @Test
  void finishingTheRootClosesABarAStageLeftOpen() {
    ProgressPrinter root = new ProgressPrinter(out, true, "");
    root.stage("training").onProgress(new Progress("epochs", 3, 100, 0.1, Double.NaN));
    root.finish();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("   \n");
  }
}
