package dev.trainyard.ml.optim;

import dev.trainyard.common.Check;

/**
 * The per-parameter memory of an {@link Optimizer}: {@code slots} float arrays of {@code size}
 * entries each (e.g. Adam's first and second moments). Entry {@code i} of every slot belongs to the
 * parameter at index {@code i} of the array the optimizer updates, so a state can cover one shard's
 * range of a table and be checkpointed slot by slot. Not thread-safe as a whole; updates of
 * disjoint ranges may run concurrently.
 */
public final class OptimizerState {
  private final float[][] slots;
  private final int size;

  /** Zero-filled state of {@code slots} arrays of {@code size} entries. */
  public OptimizerState(int slots, int size) {
    Check.between("slots", slots, 0, 16);
    Check.between("size", size, 0, Integer.MAX_VALUE - 8);
    this.slots = new float[slots][size];
    this.size = size;
  }

  /** Number of parameters covered. */
  public int size() {
    return size;
  }

  /** Number of slot arrays. */
  public int slotCount() {
    return slots.length;
  }

  /** Slot array {@code s}, live (not a copy): used by optimizers and for checkpoints. */
  public float[] slot(int s) {
    return slots[s];
  }

  /** A deep copy, e.g. for a checkpoint or to keep the best state of a run. */
  public OptimizerState copy() {
    OptimizerState c = new OptimizerState(slots.length, size);
    for (int s = 0; s < slots.length; s++) {
      System.arraycopy(slots[s], 0, c.slots[s], 0, size);
    }
    return c;
  }
}
