/**
 * Command-line subcommands (picocli) and their shared output helpers: progress, errors, JSON.
 * Bad input exits with code 2 and a one-line message, never a stack trace.
 */
package dev.trainyard.app.cli;
