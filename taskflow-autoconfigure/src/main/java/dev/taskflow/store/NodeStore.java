package dev.taskflow.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code taskflow_node}: every worker node registers at start, beats once per heartbeat
 * interval and leaves at a graceful stop. A node whose heartbeat is older than its lease
 * is presumed dead and removed by whichever node notices first; its jobs come back
 * through the expiry of their own leases.
 *
 * @author TaskFlow
 */
public final class NodeStore {

	private static final String COLUMNS = "id, host, handlers, started_at, heartbeat_at, expires_at, threads,"
			+ " busy_threads, version, departed_at, departure, drain_requested, queue_threads";

	/**
	 * How long a node that left stays listed as departed.
	 */
	public static final Duration DEPARTED_KEPT = Duration.ofHours(1);

	private final StoreSupport store;

	NodeStore(StoreSupport store) {
		this.store = store;
	}

	/**
	 * Register a node, replacing any row of its id.
	 * @param id the node's id
	 * @param host its host
	 * @param handlers the handler names it can run, as a JSON array
	 * @param lease how long it counts as alive without a heartbeat
	 * @param threads its worker threads
	 * @param version TaskFlow's version on it, or {@code null}
	 * @param draining whether it drains: a node that registers again (after it was
	 * presumed dead) keeps a drain it was asked for
	 */
	public void register(String id, String host, String handlers, Duration lease, int threads, String version,
			boolean draining) {
		SqlDialect dialect = this.store.dialect();
		this.store.inTransaction(() -> {
			this.store.jdbc().update("DELETE FROM taskflow_node WHERE id = ?", id);
			this.store.jdbc()
				.update("INSERT INTO taskflow_node (id, host, handlers, started_at, heartbeat_at, expires_at, threads,"
						+ " busy_threads, version, drain_requested) VALUES (?, ?, " + dialect.jsonParameter() + ", "
						+ dialect.now() + ", " + dialect.now() + ", " + dialect.nowPlusMicros() + ", ?, 0, ?, ?)", id,
						truncate(host, 255), handlers, micros(lease), threads,
						(version != null) ? truncate(version, 50) : null, draining);
			return null;
		});
	}

	/**
	 * Record a heartbeat of a node, and tell whether someone asked it to drain: in one
	 * statement while the request is what the node believes it is.
	 * @param id the node's id
	 * @param lease how long it counts as alive without another heartbeat
	 * @param timeout how long the statement may take before the database cuts it off
	 * (rounded up to whole seconds)
	 * @param busyThreads its threads busy now
	 * @param draining whether the node believes it was asked to drain
	 * @param queueThreads the threads of each queue's own pool now, a JSON object, or
	 * {@code null}
	 * @return what the heartbeat found
	 */
	public Heartbeat heartbeat(String id, Duration lease, Duration timeout, int busyThreads, boolean draining,
			String queueThreads) {
		SqlDialect dialect = this.store.dialect();
		JdbcTemplate jdbc = this.store.jdbc(timeout);
		String beat = "UPDATE taskflow_node SET heartbeat_at = " + dialect.now() + ", expires_at = "
				+ dialect.nowPlusMicros()
				+ ", busy_threads = ?, queue_threads = ? WHERE id = ? AND departed_at IS NULL";
		if (this.store.autoCommitted(() -> jdbc.update(beat + " AND drain_requested = ?", micros(lease), busyThreads,
				queueThreads, id, draining)) > 0) {
			return draining ? Heartbeat.DRAIN : Heartbeat.BEAT;
		}
		// rare: the request changed, or the node was presumed dead meanwhile
		List<Boolean> requested = jdbc.queryForList(
				"SELECT drain_requested FROM taskflow_node WHERE id = ? AND departed_at IS NULL", Boolean.class, id);
		if (requested.isEmpty() || this.store
			.autoCommitted(() -> jdbc.update(beat, micros(lease), busyThreads, queueThreads, id)) == 0) {
			return Heartbeat.GONE;
		}
		return Boolean.TRUE.equals(requested.get(0)) ? Heartbeat.DRAIN : Heartbeat.BEAT;
	}

	/**
	 * Ask a live node to drain, or to claim again.
	 * @param id the node's id
	 * @param drain whether it should drain
	 * @return whether a live node of that id was found
	 */
	public boolean requestDrain(String id, boolean drain) {
		return this.store.autoCommitted(() -> this.store.jdbc()
			.update("UPDATE taskflow_node SET drain_requested = ? WHERE id = ? AND departed_at IS NULL", drain,
					id)) > 0;
	}

	/**
	 * What a heartbeat found.
	 */
	public enum Heartbeat {

		/**
		 * The node's row was renewed; it is not asked to drain.
		 */
		BEAT,

		/**
		 * The node's row was renewed; it is asked to drain.
		 */
		DRAIN,

		/**
		 * The node has no live row: it was presumed dead meanwhile.
		 */
		GONE

	}

	/**
	 * Mark the nodes presumed dead as lost, and forget those that left more than
	 * {@link #DEPARTED_KEPT} ago. Each node is marked (and returned) by one caller only.
	 * @param timeout how long each statement may take before the database cuts it off
	 * (rounded up to whole seconds)
	 * @return the nodes marked lost
	 */
	public List<NodeRecord> removeExpired(Duration timeout) {
		SqlDialect dialect = this.store.dialect();
		String now = dialect.now();
		JdbcTemplate jdbc = this.store.jdbc(timeout);
		// one query finds both: a heartbeat's housekeeping costs no statement more while
		// nothing is to be done
		List<NodeRecord> found = jdbc.query("SELECT " + COLUMNS + " FROM taskflow_node WHERE (departed_at IS NULL AND"
				+ " expires_at < " + now + ") OR departed_at < " + dialect.nowPlusMicros(), this::record,
				-micros(DEPARTED_KEPT));
		List<NodeRecord> lost = new ArrayList<>();
		for (NodeRecord node : found) {
			if (node.departedAt() != null) {
				this.store.autoCommitted(() -> jdbc.update(
						"DELETE FROM taskflow_node WHERE id = ? AND departed_at < " + dialect.nowPlusMicros(),
						node.id(), -micros(DEPARTED_KEPT)));
			}
			else if (this.store.autoCommitted(
					() -> jdbc.update(
							"UPDATE taskflow_node SET departed_at = " + now + ", departure = '" + NodeRecord.LOST
									+ "' WHERE id = ? AND departed_at IS NULL AND expires_at < " + now,
							node.id())) > 0) {
				lost.add(node);
			}
		}
		return lost;
	}

	/**
	 * Mark a node that stops as stopped.
	 * @param id the node's id
	 */
	public void remove(String id) {
		this.store.autoCommitted(() -> this.store.jdbc()
			.update("UPDATE taskflow_node SET departed_at = " + this.store.dialect().now() + ", departure = '"
					+ NodeRecord.STOPPED + "', busy_threads = 0 WHERE id = ? AND departed_at IS NULL", id));
	}

	/**
	 * The live nodes as last heard of, by id.
	 * @return the nodes
	 */
	public List<NodeRecord> list() {
		return this.store.jdbc()
			.query("SELECT " + COLUMNS + " FROM taskflow_node WHERE departed_at IS NULL ORDER BY id", this::record);
	}

	/**
	 * The nodes that left within {@link #DEPARTED_KEPT}, the latest first.
	 * @return the nodes
	 */
	public List<NodeRecord> departed() {
		return this.store.jdbc()
			.query("SELECT " + COLUMNS + " FROM taskflow_node WHERE departed_at IS NOT NULL ORDER BY departed_at DESC,"
					+ " id", this::record);
	}

	/**
	 * The handlers of the jobs that have been due for a while but that no live node can
	 * run (a rolling deploy removed the handler, or its nodes are all down).
	 * @param liveHandlers the handler names the live nodes can run
	 * @param dueFor how long a job must have been due to count
	 * @param timeout how long the scan may take before the database cuts it off
	 * @return the number of such jobs by handler
	 */
	public Map<String, Long> jobsWithoutLiveHandler(Collection<String> liveHandlers, Duration dueFor,
			Duration timeout) {
		SqlDialect dialect = this.store.dialect();
		String notLive = liveHandlers.isEmpty() ? ""
				: " AND handler NOT IN (" + StoreSupport.placeholders(liveHandlers.size()) + ")";
		String sql = "SELECT handler, COUNT(*) AS jobs FROM taskflow_job WHERE status = 'PENDING' AND run_at < "
				+ dialect.nowPlusMicros() + notLive + " GROUP BY handler";
		List<Object> parameters = new ArrayList<>();
		parameters.add(-micros(dueFor));
		parameters.addAll(liveHandlers);
		Map<String, Long> waiting = new TreeMap<>();
		// a scan of the job table: cut off rather than let it run on
		this.store.jdbc(timeout).query(sql, (ResultSet rs) -> {
			waiting.put(rs.getString("handler"), rs.getLong("jobs"));
		}, parameters.toArray());
		return waiting;
	}

	private NodeRecord record(ResultSet rs, int row) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		return new NodeRecord(rs.getString("id"), rs.getString("host"), rs.getString("handlers"),
				dialect.getTimestamp(rs, "started_at"), dialect.getTimestamp(rs, "heartbeat_at"),
				dialect.getTimestamp(rs, "expires_at"), (Integer) rs.getObject("threads", Integer.class),
				(Integer) rs.getObject("busy_threads", Integer.class), rs.getString("version"),
				dialect.getTimestamp(rs, "departed_at"), rs.getString("departure"), rs.getBoolean("drain_requested"),
				rs.getString("queue_threads"));
	}

	private static long micros(Duration duration) {
		return duration.toNanos() / 1000;
	}

	private static String truncate(String text, int length) {
		return (text.length() <= length) ? text : text.substring(0, length);
	}

}
