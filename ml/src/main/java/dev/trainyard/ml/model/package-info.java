/**
 * The contracts every algorithm follows: {@link dev.trainyard.ml.model.Trainer} learns an immutable
 * {@link dev.trainyard.ml.model.Model} that records its {@link dev.trainyard.ml.model.Provenance}.
 */
package dev.trainyard.ml.model;
