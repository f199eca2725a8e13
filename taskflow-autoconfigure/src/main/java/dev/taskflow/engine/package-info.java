/**
 * The node: client, dispatcher, workers, completion batching, leases, wake-ups and
 * shutdown.
 */
package dev.taskflow.engine;
