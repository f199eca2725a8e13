/**
 * The node: handler registry, client, dispatcher, workers, completion batching, leases,
 * wake-ups and shutdown.
 */
package dev.taskflow.engine;
