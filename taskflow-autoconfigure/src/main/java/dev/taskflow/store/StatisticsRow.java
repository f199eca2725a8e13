package dev.taskflow.store;

import java.time.Instant;

/**
 * One row a node writes to {@code taskflow_statistics}: what happened on it in one minute
 * to the jobs of one queue and handler.
 *
 * @param minute the start of the minute
 * @param queue the queue
 * @param handler the handler name
 * @param figures the counts and histograms
 * @author TaskFlow
 */
public record StatisticsRow(Instant minute, String queue, String handler, StatisticsFigures figures) {

}
