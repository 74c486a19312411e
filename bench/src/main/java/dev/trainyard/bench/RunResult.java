package dev.trainyard.bench;

import java.util.Map;

/** One timed run of one workload by one system. */
record RunResult(String system, String workload, int repeat, double loadSeconds, double trainSeconds,
    Map<String, Double> metrics) {}
