/**
 * Retention: the built-in schedule that purges (or archives) finished jobs once per
 * interval across the cluster, by status, queue and handler.
 */
package dev.taskflow.retention;
