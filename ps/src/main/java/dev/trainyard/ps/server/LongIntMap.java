package dev.trainyard.ps.server;

import java.util.Arrays;

/**
 * Open-addressing map from long keys to non-negative int values (linear probing, at most half
 * full), so sparse tables index rows without boxing. Not thread-safe: its owner's lock guards it.
 */
final class LongIntMap {
  private static final int EMPTY = -1;
  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, EMPTY);
  }

  int size() {
    return size;
  }

  /** The value of {@code key}, or -1 when absent. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      int v = values[i];
      if (v == EMPTY || keys[i] == key) {
        return v;
      }
    }
  }

  /** Maps {@code key} to {@code value >= 0}, replacing any earlier value. */
  void put(long key, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] == EMPTY) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, EMPTY);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long key, int mask) {
    // Murmur3's 64-bit finalizer: consecutive keys land far apart.
    long h = key;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h & mask;
  }
}
