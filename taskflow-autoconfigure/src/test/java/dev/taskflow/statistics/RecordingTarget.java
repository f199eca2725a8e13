package dev.taskflow.statistics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.taskflow.store.StatisticsRow;

/**
 * A {@link StatisticsTarget} that keeps what it is asked, and fails while told to.
 *
 * @author TaskFlow
 */
final class RecordingTarget implements StatisticsTarget {

	final List<List<StatisticsRow>> inserts = new ArrayList<>();

	final List<String> insertedBy = new ArrayList<>();

	final List<Instant> deletedBefore = new ArrayList<>();

	int lookUps;

	/**
	 * What a node of the same id wrote last, as {@link #latestMinute} answers.
	 */
	Instant latest;

	/**
	 * Thrown by every call while set.
	 */
	RuntimeException failure;

	@Override
	public void insert(String nodeId, List<StatisticsRow> rows) {
		fail();
		this.inserts.add(List.copyOf(rows));
		this.insertedBy.add(nodeId);
	}

	@Override
	public Instant latestMinute(String nodeId, Instant since) {
		this.lookUps++;
		fail();
		return (this.latest != null && !this.latest.isBefore(since)) ? this.latest : null;
	}

	@Override
	public int deleteBefore(Instant cutoff) {
		fail();
		this.deletedBefore.add(cutoff);
		return 0;
	}

	List<StatisticsRow> allRows() {
		return this.inserts.stream().flatMap(List::stream).toList();
	}

	private void fail() {
		if (this.failure != null) {
			throw this.failure;
		}
	}

}
