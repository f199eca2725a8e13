package dev.taskflow.statistics;

import java.time.Instant;
import java.util.List;

import dev.taskflow.store.StatisticsRow;

/**
 * Where a node's statistics go: {@code StatisticsStore}, or a stand-in in tests.
 *
 * @author TaskFlow
 */
interface StatisticsTarget {

	/**
	 * Insert a node's rows, all or none.
	 * @param nodeId the node's id
	 * @param rows the rows
	 */
	void insert(String nodeId, List<StatisticsRow> rows);

	/**
	 * The latest minute a node of this id has rows of, from a given minute on.
	 * @param nodeId the node's id
	 * @param since the earliest minute to look at
	 * @return the minute, or {@code null}
	 */
	Instant latestMinute(String nodeId, Instant since);

	/**
	 * Delete the rows of every node before a minute.
	 * @param cutoff the first minute kept
	 * @return the rows deleted
	 */
	int deleteBefore(Instant cutoff);

}
