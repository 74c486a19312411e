package dev.trainyard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that processes used, from {@code /proc/PID/stat} (Linux; elsewhere
 * every reading is NaN), so a run can say which process its time went to. Immutable snapshots.
 */
final class CpuTimes {
  /** USER_HZ: the kernel reports process times in these ticks (100 on every Linux ABI we run on). */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, Double> seconds;

  private CpuTimes(Map<String, Double> seconds) {
    this.seconds = seconds;
  }

  /** Reads the CPU seconds of each named process now. */
  static CpuTimes of(Map<String, Long> pids) {
    Map<String, Double> s = new LinkedHashMap<>();
    pids.forEach((name, pid) -> s.put(name, read(pid)));
    return new CpuTimes(s);
  }

  /** CPU seconds each process used between {@code before} and this snapshot. */
  Map<String, Double> since(CpuTimes before) {
    Map<String, Double> d = new LinkedHashMap<>();
    seconds.forEach((name, now) -> d.put(name, now - before.seconds.getOrDefault(name, Double.NaN)));
    return d;
  }

  /** Whole-machine busy CPU seconds (all cores, everything but idle and iowait) from {@code /proc/stat}. */
  static double machineBusySeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static double read(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name (which may hold spaces) start at state: utime is the 14th field
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }
}
