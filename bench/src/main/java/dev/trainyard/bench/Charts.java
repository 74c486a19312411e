package dev.trainyard.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

/**
 * PNG charts of a report (XChart, Apache-2.0, rendered headless): per workload the median train and
 * load time and the median quality per system, for equal-loss workloads the loss against train time
 * of the calibration runs, and over all workloads the peer time / Trainyard time ratios.
 */
final class Charts {
  private static final int WIDTH = 1000;
  private static final int HEIGHT = 440;

  private Charts() {}

  /** Writes the charts under {@code dir}; returns workload id (or "" for the overview) → file names relative to {@code relativeTo}. */
  static Map<String, List<String>> write(Path dir, Path relativeTo, List<Workload> workloads, List<RunResult> runs,
      List<String> systems) throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.createDirectories(dir);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Workload w : workloads) {
      List<String> names = new ArrayList<>();
      List<String> cats = new ArrayList<>();
      List<Double> train = new ArrayList<>();
      List<Double> load = new ArrayList<>();
      List<Double> quality = new ArrayList<>();
      for (String s : systems) {
        Report.Summary x = Report.Summary.of(runs, w.id(), s);
        if (x.n() > 0) {
          cats.add(s);
          train.add(x.train()[0]);
          load.add(x.load()[0]);
          quality.add(x.metric(w.quality()));
        }
      }
      if (cats.isEmpty()) {
        continue;
      }
      CategoryChart t = bars(w.id() + ": seconds (median of runs)", "seconds");
      t.addSeries("train", cats, train);
      t.addSeries("load", cats, load);
      names.add(save(t, dir.resolve(w.id() + "-time.png"), relativeTo));
      CategoryChart q = bars(w.id() + ": test " + w.quality() + " (median; "
          + (Workload.lowerIsBetter(w.quality()) ? "lower" : "higher") + " is better)", w.quality());
      q.addSeries(w.quality(), cats, quality);
      double lo = quality.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).min().orElse(0);
      double hi = quality.stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).max().orElse(1);
      double min = Math.max(0, lo - Math.max(0.05 * Math.abs(lo), 2 * (hi - lo)));
      q.getStyler().setYAxisMin(min);
      q.setTitle(q.getTitle() + String.format(java.util.Locale.ROOT, ", axis from %.3f", min));
      q.getStyler().setYAxisDecimalPattern("0.000");
      names.add(save(q, dir.resolve(w.id() + "-quality.png"), relativeTo));
      if (w.ladder() != null) {
        String curve = curve(dir, relativeTo, w, runs, systems);
        if (curve != null) {
          names.add(curve);
        }
      }
      out.put(w.id(), names);
    }
    String overview = speedup(dir, relativeTo, workloads, runs, systems);
    if (overview != null) {
      out.put("", List.of(overview));
    }
    return out;
  }

  private static String curve(Path dir, Path relativeTo, Workload w, List<RunResult> runs, List<String> systems)
      throws IOException {
    String m = w.ladder().lossMetric();
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(w.id() + ": test " + m + " vs train seconds (calibration ladder)").xAxisTitle("train seconds")
        .yAxisTitle(m).build();
    style(c.getStyler());
    c.getStyler().setYAxisDecimalPattern("0.000");
    boolean any = false;
    for (String s : systems) {
      List<RunResult> rs = runs.stream().filter(r -> r.workload().equals(w.id()) && r.system().equals(s)
          && r.phase().equals("calibration") && r.ok() && !Double.isNaN(r.metric(m))).toList();
      if (rs.isEmpty()) {
        continue;
      }
      XYSeries series = c.addSeries(s, rs.stream().map(RunResult::trainSeconds).toList(),
          rs.stream().map(r -> r.metric(m)).toList());
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      any = true;
    }
    return any ? save(c, dir.resolve(w.id() + "-curve.png"), relativeTo) : null;
  }

  private static String speedup(Path dir, Path relativeTo, List<Workload> workloads, List<RunResult> runs,
      List<String> systems) throws IOException {
    CategoryChart c = bars("peer train time / Trainyard train time, log scale (up: Trainyard is faster, down: slower)",
        "peer time / Trainyard time");
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    boolean any = false;
    List<String> cats = workloads.stream().map(Workload::id).toList();
    for (String s : systems) {
      if (s.equals(Systems.TRAINYARD)) {
        continue;
      }
      List<Double> ratios = new ArrayList<>();
      boolean has = false;
      for (Workload w : workloads) {
        Report.Summary ours = Report.Summary.of(runs, w.id(), Systems.TRAINYARD);
        Report.Summary theirs = Report.Summary.of(runs, w.id(), s);
        // log10 of the ratio: bars up where Trainyard is faster, down where it is slower
        Double r = ours.n() > 0 && theirs.n() > 0 ? Math.log10(theirs.train()[0] / ours.train()[0]) : null;
        has |= r != null;
        ratios.add(r);
      }
      if (has) {
        c.addSeries(s, cats, ratios);
        any = true;
      }
    }
    // ratios span 0.05 to 50 and more: a log scale keeps both "slower" and "faster" readable
    // (XChart's logarithmic axis cannot draw bars, so the bars are log10 and the ticks say the ratio)
    c.getStyler().setyAxisTickLabelsFormattingFunction(v -> String.format(java.util.Locale.ROOT,
        Math.abs(v) < 1e-9 ? "1x" : v < 0 ? "%.2gx" : "%.3gx", Math.pow(10, v)));
    c.getStyler().setLabelsVisible(false);
    c.getStyler().setXAxisLabelRotation(20);
    return any ? save(c, dir.resolve("speedup.png"), relativeTo) : null;
  }

  private static CategoryChart bars(String title, String yTitle) {
    CategoryChart c = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setLabelsVisible(true);
    c.getStyler().setLabelsRotation(0);
    c.getStyler().setYAxisDecimalPattern("0.##");
    return c;
  }

  private static void style(org.knowm.xchart.style.AxesChartStyler s) {
    s.setLegendPosition(Styler.LegendPosition.InsideNE);
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotGridVerticalLinesVisible(false);
    s.setAntiAlias(true);
  }

  private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Path file, Path relativeTo)
      throws IOException {
    BitmapEncoder.saveBitmap(c, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    return relativeTo.relativize(file).toString();
  }
}
