/**
 * Hyper-parameter declarations and their validation; shared by the CLI, the job API and the UI forms.
 */
package dev.trainyard.ml.param;
