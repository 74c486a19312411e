/**
 * The runnable application: the {@code trainyard} entry point and the wiring of roles.
 * The only module that picks implementations; nothing depends on it.
 */
package dev.trainyard.app;
