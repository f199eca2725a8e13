/**
 * Throttling: rate limits, concurrency limits and per-key limits, on one node or across
 * the cluster, applied when jobs are claimed.
 */
package dev.taskflow.throttle;
