/**
 * TaskFlow side by side with its peers, db-scheduler and JobRunr, run as plain libraries
 * through the same scenarios on the same PostgreSQL server ({@code run.sh --peers}).
 */
package dev.taskflow.benchmarks.peers;
