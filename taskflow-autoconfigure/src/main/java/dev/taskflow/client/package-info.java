/**
 * The client: the implementation of {@code TaskFlow}, {@code Jobs}, {@code Queues},
 * {@code Schedules} and {@code Statistics} (enqueue, queries, bulk operations, charts) on
 * top of the job store.
 */
package dev.taskflow.client;
