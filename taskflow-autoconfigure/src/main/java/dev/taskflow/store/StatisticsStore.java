package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

import dev.taskflow.StatisticsPoint;

/**
 * {@code taskflow_statistics}: each node's counts and histograms per minute, queue and
 * handler, written once per closed minute in one INSERT, summed by minute or by queue for
 * charts, and deleted past their retention. Every statement finds its rows by the primary
 * key, which leads with {@code minute_start}: a read of a window reads that window's
 * rows, however long the table.
 *
 * @author TaskFlow
 */
public final class StatisticsStore {

	/**
	 * The most rows one INSERT carries: each binds 41 parameters, and PostgreSQL's driver
	 * takes at most 32,767 per statement. A write of more rows (minutes held through an
	 * outage) sends one statement per this many, in one transaction.
	 */
	public static final int ROWS_PER_STATEMENT = 500;

	private static final int BUCKETS = StatisticsPoint.HISTOGRAM_BUCKETS;

	// the figure columns in the order of StatisticsFigures: five counts, then the wait
	// and run time histograms, wait_00 to wait_15 and run_00 to run_15
	private static final List<String> FIGURE_COLUMNS = figureColumns();

	private static final String INSERT = """
			INSERT INTO taskflow_statistics (minute_start, node_id, queue, handler, %s) VALUES %s""";

	// the queue's condition, when there is one, is appended to the window's
	private static final String SUM_BY_MINUTE = """
			SELECT minute_start, %s FROM taskflow_statistics
			WHERE minute_start >= %s AND minute_start < %s%s
			GROUP BY minute_start ORDER BY minute_start""";

	private static final String SUM_BY_QUEUE = """
			SELECT queue, %s FROM taskflow_statistics
			WHERE minute_start >= %s AND minute_start < %s
			GROUP BY queue ORDER BY queue""";

	private static final String LATEST_MINUTE = """
			SELECT MAX(minute_start) AS latest FROM taskflow_statistics WHERE minute_start >= %s AND node_id = ?""";

	private static final String DELETE_BEFORE = """
			DELETE FROM taskflow_statistics WHERE minute_start < %s""";

	private final StoreSupport store;

	private final String rowValues;

	private final String sums;

	StatisticsStore(StoreSupport store) {
		this.store = store;
		this.rowValues = "(" + store.dialect().timestampParameter() + ", ?, ?, ?, "
				+ StoreSupport.placeholders(FIGURE_COLUMNS.size()) + ")";
		this.sums = FIGURE_COLUMNS.stream()
			.map((column) -> "SUM(" + column + ") AS " + column)
			.collect(Collectors.joining(", "));
	}

	/**
	 * Insert a node's rows: one statement, or one per {@link #ROWS_PER_STATEMENT} rows in
	 * one transaction, so that a write either stores every row or none.
	 * @param nodeId the node's id
	 * @param rows the rows, at most one per minute, queue and handler, none of them
	 * stored yet
	 * @throws org.springframework.dao.DuplicateKeyException if the node has a row of the
	 * same minute, queue and handler already
	 */
	public void insert(String nodeId, List<StatisticsRow> rows) {
		Assert.hasText(nodeId, "'nodeId' must not be empty");
		if (rows.isEmpty()) {
			return;
		}
		if (rows.size() <= ROWS_PER_STATEMENT) {
			this.store.autoCommitted(() -> insertRows(nodeId, rows));
			return;
		}
		// all or nothing: a write that failed is made again whole, and rows a first
		// statement had committed would then break the primary key
		this.store.inTransaction(() -> {
			for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
				insertRows(nodeId, rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT)));
			}
			return null;
		});
	}

	private int insertRows(String nodeId, List<StatisticsRow> rows) {
		String sql = INSERT.formatted(String.join(", ", FIGURE_COLUMNS),
				String.join(", ", Collections.nCopies(rows.size(), this.rowValues)));
		return this.store.jdbc().update(sql, (ps) -> {
			int index = 1;
			for (StatisticsRow row : rows) {
				index = bind(ps, index, nodeId, row);
			}
		});
	}

	private int bind(PreparedStatement ps, int first, String nodeId, StatisticsRow row) throws SQLException {
		int index = first;
		this.store.dialect().setTimestamp(ps, index++, row.minute());
		ps.setString(index++, nodeId);
		ps.setString(index++, row.queue());
		ps.setString(index++, row.handler());
		StatisticsFigures figures = row.figures();
		for (long count : new long[] { figures.enqueued(), figures.succeeded(), figures.failed(), figures.retried(),
				figures.cancelled() }) {
			ps.setInt(index++, storable(count));
		}
		for (long count : figures.waitTimes()) {
			ps.setInt(index++, storable(count));
		}
		for (long count : figures.runTimes()) {
			ps.setInt(index++, storable(count));
		}
		return index;
	}

	// INT columns: more than 2^31 events of one queue and handler in one minute on one
	// node (35 million a second) is out of reach, but a count is never to wrap round
	private static int storable(long count) {
		return (int) Math.min(count, Integer.MAX_VALUE);
	}

	/**
	 * Sum every node's rows by minute, over all queues and handlers or those of one
	 * queue.
	 * @param from the first minute
	 * @param to the end of the window, exclusive
	 * @param queue only this queue's rows, or {@code null} for all
	 * @return the sums of the minutes that have rows, by minute in order
	 */
	public NavigableMap<Instant, StatisticsFigures> sumByMinute(Instant from, Instant to, String queue) {
		SqlDialect dialect = this.store.dialect();
		String sql = SUM_BY_MINUTE.formatted(this.sums, dialect.timestampParameter(), dialect.timestampParameter(),
				(queue != null) ? " AND queue = ?" : "");
		NavigableMap<Instant, StatisticsFigures> sums = new TreeMap<>();
		this.store.jdbc().query(sql, (ps) -> {
			dialect.setTimestamp(ps, 1, from);
			dialect.setTimestamp(ps, 2, to);
			if (queue != null) {
				ps.setString(3, queue);
			}
		}, (ResultSet rs) -> {
			sums.put(dialect.getTimestamp(rs, "minute_start"), figures(rs));
		});
		return sums;
	}

	/**
	 * Sum every node's rows of a window by queue.
	 * @param from the first minute
	 * @param to the end of the window, exclusive
	 * @return the sums of the queues that have rows in the window, by queue name in order
	 */
	public NavigableMap<String, StatisticsFigures> sumByQueue(Instant from, Instant to) {
		SqlDialect dialect = this.store.dialect();
		String sql = SUM_BY_QUEUE.formatted(this.sums, dialect.timestampParameter(), dialect.timestampParameter());
		NavigableMap<String, StatisticsFigures> sums = new TreeMap<>();
		this.store.jdbc().query(sql, (ps) -> {
			dialect.setTimestamp(ps, 1, from);
			dialect.setTimestamp(ps, 2, to);
		}, (ResultSet rs) -> {
			sums.put(rs.getString("queue"), figures(rs));
		});
		return sums;
	}

	/**
	 * The latest minute a node has rows of, from a given minute on: what an earlier run
	 * of a node of the same id wrote.
	 * @param nodeId the node's id
	 * @param since the earliest minute to look at
	 * @return the latest minute, or {@code null} if it has none since then
	 */
	public Instant latestMinute(String nodeId, Instant since) {
		SqlDialect dialect = this.store.dialect();
		// one row, whose MAX is NULL when there are none
		List<Instant> latest = this.store.jdbc().query(LATEST_MINUTE.formatted(dialect.timestampParameter()), (ps) -> {
			dialect.setTimestamp(ps, 1, since);
			ps.setString(2, nodeId);
		}, (rs, row) -> dialect.getTimestamp(rs, "latest"));
		return latest.isEmpty() ? null : latest.get(0);
	}

	/**
	 * Delete the rows of every node before a minute, in one statement.
	 * @param cutoff the first minute kept
	 * @return the number of rows deleted
	 */
	public int deleteBefore(Instant cutoff) {
		SqlDialect dialect = this.store.dialect();
		return this.store.autoCommitted(() -> this.store.jdbc()
			.update(DELETE_BEFORE.formatted(dialect.timestampParameter()),
					(ps) -> dialect.setTimestamp(ps, 1, cutoff)));
	}

	// SUM of INT is BIGINT on PostgreSQL and H2, DECIMAL on MariaDB: read as long
	// everywhere
	private static StatisticsFigures figures(ResultSet rs) throws SQLException {
		long[] waitTimes = new long[BUCKETS];
		long[] runTimes = new long[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			waitTimes[i] = rs.getLong(bucketColumn("wait", i));
			runTimes[i] = rs.getLong(bucketColumn("run", i));
		}
		return new StatisticsFigures(rs.getLong("enqueued"), rs.getLong("succeeded"), rs.getLong("failed"),
				rs.getLong("retried"), rs.getLong("cancelled"), waitTimes, runTimes);
	}

	private static List<String> figureColumns() {
		List<String> columns = new ArrayList<>(List.of("enqueued", "succeeded", "failed", "retried", "cancelled"));
		for (int i = 0; i < BUCKETS; i++) {
			columns.add(bucketColumn("wait", i));
		}
		for (int i = 0; i < BUCKETS; i++) {
			columns.add(bucketColumn("run", i));
		}
		return List.copyOf(columns);
	}

	private static String bucketColumn(String histogram, int bucket) {
		return histogram + ((bucket < 10) ? "_0" : "_") + bucket;
	}

}
