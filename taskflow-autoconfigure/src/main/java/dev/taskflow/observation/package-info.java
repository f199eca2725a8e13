/**
 * Micrometer {@code Observation}s of enqueueing and running jobs, which carry the trace
 * context from the enqueueing span to the job's execution on any node.
 */
package dev.taskflow.observation;
