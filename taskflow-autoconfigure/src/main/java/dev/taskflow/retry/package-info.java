/**
 * Retry policies: Resilience4j {@code RetryConfig}s whose attempts are persisted by
 * rescheduling the job, never slept on in a thread.
 */
package dev.taskflow.retry;
