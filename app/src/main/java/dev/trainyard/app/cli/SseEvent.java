package dev.trainyard.app.cli;

/**
 * One Server-Sent Event of a job's stream: its sequence number, type, time (ISO-8601, may be empty)
 * and JSON data. Immutable.
 */
record SseEvent(long id, String type, String at, String data) {}
