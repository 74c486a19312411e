package dev.trainyard.ml.model;

/** The Trainyard version recorded in model provenance (from the jar manifest, else "dev"). */
public final class TrainyardVersion {
  private TrainyardVersion() {}

  public static String get() {
    String v = TrainyardVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
