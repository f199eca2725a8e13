/**
 * TaskFlow's public API: enqueue durable jobs with {@link dev.taskflow.TaskFlow} and run
 * them in {@link dev.taskflow.TaskHandler @TaskHandler} methods.
 */
package dev.taskflow;
