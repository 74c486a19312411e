/**
 * Throughput benchmark of the parameter server between processes on loopback, next to a raw TCP copy;
 * a main program, not a test (benchmarks are not tests, DESIGN §4).
 */
package dev.trainyard.ps.bench;
