/**
 * Statistics for charts: each node counts its jobs' events per minute, queue and handler
 * in memory and writes a minute's counts to {@code taskflow_statistics} once it is over.
 */
package dev.taskflow.statistics;
