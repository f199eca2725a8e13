/**
 * TaskFlow's benchmarks: throughput and latency scenarios against a real database.
 */
package dev.taskflow.benchmarks;
