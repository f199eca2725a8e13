/**
 * Micrometer metrics of TaskFlow, active when a {@code MeterRegistry} exists.
 */
package dev.taskflow.metrics;
