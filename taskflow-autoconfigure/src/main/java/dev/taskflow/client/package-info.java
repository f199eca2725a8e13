/**
 * The client: the implementation of {@code TaskFlow}, {@code Jobs}, {@code Queues} and
 * {@code Schedules} (enqueue, queries, bulk operations) on top of the job store.
 */
package dev.taskflow.client;
