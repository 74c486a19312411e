/**
 * Ids, error types and small utilities shared by every Trainyard module.
 * Depends on nothing of ours; keep it small.
 */
package dev.trainyard.common;
