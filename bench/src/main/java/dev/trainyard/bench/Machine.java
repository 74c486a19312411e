package dev.trainyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** A one-line description of the machine a benchmark ran on. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: keep the generic name
    }
    long memGib = -1;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memGib = Math.round(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0);
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    long gib = Runtime.getRuntime().maxMemory() >> 30;
    return String.format(Locale.ROOT, "%s, %d cores, %s RAM, Java %s (this JVM's max heap %d GiB)", cpu,
        Runtime.getRuntime().availableProcessors(), memGib < 0 ? "unknown" : memGib + " GiB",
        System.getProperty("java.version"), gib);
  }
}
