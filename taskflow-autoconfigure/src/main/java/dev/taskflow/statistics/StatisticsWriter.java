package dev.taskflow.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DuplicateKeyException;

import dev.taskflow.engine.FailureLog;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsRow;

/**
 * Writes a node's closed minutes: all rows of every minute closed since the last write in
 * one insert, nothing when nothing happened, and once an hour deletes the rows past their
 * retention. Minutes that cannot be written (the database is down) are kept and written
 * with the next ones, up to {@link #MAX_MINUTES_HELD}; beyond that the oldest go, so that
 * an outage cannot fill the heap. One warning per outage, not one per attempt
 * ({@link FailureLog}).
 * <p>
 * Called by one thread at a time: the recorder's writer thread, or the thread that stops
 * it.
 *
 * @author TaskFlow
 */
final class StatisticsWriter {

	/**
	 * How long after a minute is over it is written at the earliest: the time events of
	 * that minute still being counted have to arrive (see {@link MinuteCounts}).
	 */
	static final Duration GRACE = Duration.ofSeconds(5);

	/**
	 * The most minutes kept through an outage of the database.
	 */
	static final int MAX_MINUTES_HELD = 120;

	/**
	 * How often the rows past their retention are deleted.
	 */
	static final Duration RETENTION_INTERVAL = Duration.ofHours(1);

	// not at once: a node that starts has better things to do than tidy up
	static final Duration FIRST_RETENTION_DELAY = Duration.ofMinutes(1);

	private static final Log logger = LogFactory.getLog(StatisticsWriter.class);

	private final FailureLog writeFailures = new FailureLog(logger, "write job statistics");

	private final FailureLog deleteFailures = new FailureLog(logger, "delete expired job statistics");

	private final MinuteCounts counts;

	private final StatisticsTarget target;

	private final Supplier<String> nodeIds;

	private final Clock clock;

	private final Duration retention;

	// minutes taken out of the counts and not written yet, in the order of their minutes
	private final NavigableMap<RowKey, StatisticsFigures> pending = new TreeMap<>();

	private String nodeId;

	// whether an earlier run under the same node id was looked for
	private boolean earlierRunChecked;

	private boolean droppedSinceWritten;

	private Instant nextRetention;

	StatisticsWriter(MinuteCounts counts, StatisticsTarget target, Supplier<String> nodeIds, Clock clock,
			Duration retention) {
		this.counts = counts;
		this.target = target;
		this.nodeIds = nodeIds;
		this.clock = clock;
		this.retention = retention;
		this.nextRetention = clock.instant().plus(FIRST_RETENTION_DELAY);
	}

	/**
	 * Write the minutes over for at least {@link #GRACE}, and delete the rows past their
	 * retention if an hour has passed since the last time.
	 */
	synchronized void writeClosedMinutes() {
		Instant now = this.clock.instant();
		write(MinuteCounts.minuteOf(now.minus(GRACE)));
		if (!now.isBefore(this.nextRetention)) {
			this.nextRetention = now.plus(RETENTION_INTERVAL);
			deleteExpired(now);
		}
	}

	/**
	 * Write every minute counted so far, the current one included: for a node that stops.
	 * Events counted later are counted for the next minute.
	 */
	synchronized void writeAll() {
		write(MinuteCounts.minuteOf(this.clock.instant()) + 1);
		if (!this.pending.isEmpty()) {
			logger.warn("TaskFlow could not write its job statistics of " + minutes() + " minute(s) before stopping;"
					+ " charts will miss this node's jobs in them");
			this.pending.clear();
		}
	}

	/**
	 * The rows taken out and not written yet: for tests.
	 * @return the number of rows
	 */
	synchronized int pendingRows() {
		return this.pending.size();
	}

	private void write(long before) {
		for (StatisticsRow row : this.counts.take(before)) {
			this.pending.merge(RowKey.of(row), row.figures(), StatisticsFigures::plus);
		}
		dropBeyondLimit();
		if (this.pending.isEmpty()) {
			return;
		}
		try {
			String node = nodeId();
			if (!this.earlierRunChecked) {
				afterEarlierRun(node);
				this.earlierRunChecked = true;
			}
			if (!this.pending.isEmpty()) {
				this.target.insert(node, rows());
			}
			this.writeFailures.succeeded();
			this.pending.clear();
			this.droppedSinceWritten = false;
		}
		catch (DuplicateKeyException ex) {
			// written already, by a write whose commit went through but whose reply was
			// lost; or two nodes run under one id, and the rows of one must go
			logger.warn("TaskFlow's job statistics of node " + this.nodeId + " for " + minutes() + " minute(s) from "
					+ MinuteCounts.startOf(this.pending.firstKey().minute()) + " were in taskflow_statistics already"
					+ " (a write whose reply was lost, or another node with the same spring.taskflow.worker.node-id):"
					+ " not written again");
			this.pending.clear();
		}
		catch (RuntimeException ex) {
			// kept, and written with the next minute
			this.writeFailures.failed(ex);
		}
	}

	private String nodeId() {
		if (this.nodeId == null) {
			this.nodeId = this.nodeIds.get();
		}
		return this.nodeId;
	}

	// an earlier run of a node with the same id (configured, and restarted within a
	// minute) may have written a minute this run has counted too: those counts move to
	// the minute after its last
	private void afterEarlierRun(String node) {
		Instant latest = this.target.latestMinute(node, MinuteCounts.startOf(this.pending.firstKey().minute()));
		if (latest == null) {
			return;
		}
		long written = MinuteCounts.minuteOf(latest);
		this.counts.closeThrough(written);
		Map<RowKey, StatisticsFigures> clashing = new TreeMap<>(this.pending.headMap(RowKey.after(written), false));
		clashing.keySet().forEach(this.pending::remove);
		clashing.forEach((key, figures) -> {
			if (written + 1 <= this.counts.closedThrough()) {
				this.pending.merge(new RowKey(written + 1, key.queue(), key.handler()), figures,
						StatisticsFigures::plus);
			}
			else {
				this.counts.add(written + 1, key.queue(), key.handler(), figures);
			}
		});
	}

	private void dropBeyondLimit() {
		TreeSet<Long> minutes = new TreeSet<>();
		this.pending.keySet().forEach((key) -> minutes.add(key.minute()));
		if (minutes.size() <= MAX_MINUTES_HELD) {
			return;
		}
		long firstKept = minutes.descendingSet().stream().skip(MAX_MINUTES_HELD - 1).findFirst().orElseThrow();
		this.pending.headMap(RowKey.after(firstKept - 1), false).clear();
		if (!this.droppedSinceWritten) {
			this.droppedSinceWritten = true;
			logger.warn("TaskFlow could not write job statistics for " + MAX_MINUTES_HELD + " minutes and drops the"
					+ " oldest as newer ones close, from " + MinuteCounts.startOf(minutes.first())
					+ ": charts will miss this node's jobs in them");
		}
	}

	private void deleteExpired(Instant now) {
		Instant cutoff = MinuteCounts.startOf(MinuteCounts.minuteOf(now.minus(this.retention)));
		try {
			int deleted = this.target.deleteBefore(cutoff);
			this.deleteFailures.succeeded();
			if (logger.isDebugEnabled()) {
				logger.debug("TaskFlow deleted " + deleted + " statistics row(s) before " + cutoff);
			}
		}
		catch (RuntimeException ex) {
			// tried again in an hour: rows a little past their retention harm no chart
			this.deleteFailures.failed(ex);
		}
	}

	private List<StatisticsRow> rows() {
		List<StatisticsRow> rows = new ArrayList<>(this.pending.size());
		this.pending.forEach((key, figures) -> rows
			.add(new StatisticsRow(MinuteCounts.startOf(key.minute()), key.queue(), key.handler(), figures)));
		return rows;
	}

	private long minutes() {
		return this.pending.keySet().stream().mapToLong(RowKey::minute).distinct().count();
	}

	/**
	 * A row's minute, queue and handler, ordered by minute first.
	 *
	 * @param minute minutes since the epoch
	 * @param queue the queue
	 * @param handler the handler
	 */
	private record RowKey(long minute, String queue, String handler) implements Comparable<RowKey> {

		static RowKey of(StatisticsRow row) {
			return new RowKey(MinuteCounts.minuteOf(row.minute()), row.queue(), row.handler());
		}

		// before every key of the minute after this one: the bound of the keys of this
		// minute and those before
		static RowKey after(long minute) {
			return new RowKey(minute + 1, "", "");
		}

		@Override
		public int compareTo(RowKey other) {
			int byMinute = Long.compare(this.minute, other.minute);
			if (byMinute != 0) {
				return byMinute;
			}
			int byQueue = this.queue.compareTo(other.queue);
			return (byQueue != 0) ? byQueue : this.handler.compareTo(other.handler);
		}

	}

}
