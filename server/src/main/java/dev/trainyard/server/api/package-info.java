/**
 * The coordinator's HTTP API (Javalin on Jetty 12): datasets, jobs, results, metrics and live job
 * events as Server-Sent Events, with every error answered as JSON.
 */
package dev.trainyard.server.api;
