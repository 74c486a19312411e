package dev.trainyard.cluster.store;

/** The store could not be reached or timed out: transient, the caller retries with backoff, then answers 503. */
public class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
