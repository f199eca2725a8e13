/**
 * The node: dispatcher, workers, completion batching, leases, rescue, wake-ups and
 * shutdown.
 */
package dev.taskflow.engine;
