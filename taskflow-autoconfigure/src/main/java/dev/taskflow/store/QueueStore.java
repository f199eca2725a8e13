package dev.taskflow.store;

import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.taskflow.QueueLimits;

/**
 * Paused queues and the limits set at run time, in {@code taskflow_queue}: every claim
 * reads the pauses in its own statement, so a pause holds on every node as soon as it
 * commits; every node reads the limits each second. Both outlive restarts.
 *
 * @author TaskFlow
 */
public class QueueStore {

	private final StoreSupport store;

	QueueStore(StoreSupport store) {
		this.store = store;
	}

	/**
	 * Pause or resume a queue.
	 * @param queue the queue
	 * @param paused whether it is to be paused
	 * @return whether that changed anything
	 */
	public boolean setPaused(String queue, boolean paused) {
		return this.store.inCallerTransaction(() -> {
			SqlDialect dialect = this.store.dialect();
			int changed = this.store.jdbc()
				.update("UPDATE taskflow_queue SET paused = ?, updated_at = " + dialect.now()
						+ " WHERE name = ? AND paused <> ?", paused, queue, paused);
			if (changed > 0 && !paused && dialect.supportsNotifications()) {
				// its jobs are claimable again: wake every listening node, as an enqueue
				// does
				this.store.jdbc().query("SELECT pg_notify('taskflow_job_enqueued', '')", (rs) -> {
				});
			}
			if (changed > 0 || !paused) {
				return changed > 0;
			}
			if (isPaused(queue)) {
				return false;
			}
			String insert = dialect.insertIgnoringDuplicateKey("taskflow_queue", "name", "name, paused, updated_at",
					"?, TRUE, " + dialect.now());
			if (insert == null) {
				insert = "MERGE INTO taskflow_queue (name, paused, updated_at) KEY (name) VALUES (?, TRUE, "
						+ dialect.now() + ")";
			}
			this.store.jdbc().update(insert, queue);
			return true;
		});
	}

	/**
	 * Whether a queue is paused.
	 * @param queue the queue
	 * @return whether it is paused
	 */
	public boolean isPaused(String queue) {
		return !this.store.jdbc()
			.queryForList("SELECT name FROM taskflow_queue WHERE name = ? AND paused = TRUE", String.class, queue)
			.isEmpty();
	}

	/**
	 * The paused queues.
	 * @return their names, sorted
	 */
	public List<String> paused() {
		return this.store.jdbc()
			.queryForList("SELECT name FROM taskflow_queue WHERE paused = TRUE ORDER BY name", String.class);
	}

	/**
	 * Set a queue's run-time limits, replacing any it had.
	 * @param queue the queue
	 * @param limits the limits; empty ones clear them
	 */
	public void setLimits(String queue, QueueLimits limits) {
		Long periodMillis = (limits.ratePeriod() != null) ? limits.ratePeriod().toMillis() : null;
		this.store.inCallerTransaction(() -> {
			SqlDialect dialect = this.store.dialect();
			String update = "UPDATE taskflow_queue SET max_running = ?, rate_limit = ?, rate_period_ms = ?, updated_at = "
					+ dialect.now() + " WHERE name = ?";
			if (this.store.jdbc().update(update, limits.concurrency(), limits.rateLimit(), periodMillis, queue) > 0
					|| limits.isEmpty()) {
				notifyNodes(dialect);
				return null;
			}
			String insert = dialect.insertIgnoringDuplicateKey("taskflow_queue", "name", "name, paused, updated_at",
					"?, FALSE, " + dialect.now());
			if (insert == null) {
				insert = "MERGE INTO taskflow_queue (name, paused, updated_at) KEY (name) VALUES (?, FALSE, "
						+ dialect.now() + ")";
			}
			// a row for the queue, or the one another writer made meanwhile: then set it
			this.store.jdbc().update(insert, queue);
			this.store.jdbc().update(update, limits.concurrency(), limits.rateLimit(), periodMillis, queue);
			notifyNodes(dialect);
			return null;
		});
	}

	// on PostgreSQL every node hears of the change when it commits, and reads the limits
	// at once; elsewhere each reads them within a second while it runs jobs, and at its
	// next heartbeat while it is idle
	private void notifyNodes(SqlDialect dialect) {
		if (dialect.supportsNotifications()) {
			this.store.jdbc().query("SELECT pg_notify('taskflow_job_enqueued', 'queue-limits')", (rs) -> {
			});
		}
	}

	/**
	 * The run-time limits of every queue that has some.
	 * @return the limits by queue, sorted by name
	 */
	public Map<String, QueueLimits> limits() {
		Map<String, QueueLimits> limits = new TreeMap<>();
		this.store.jdbc()
			.query("SELECT name, max_running, rate_limit, rate_period_ms FROM taskflow_queue WHERE max_running IS NOT"
					+ " NULL OR rate_limit IS NOT NULL", (ResultSet rs) -> {
						QueueLimits queue = QueueLimits.none();
						int running = rs.getInt("max_running");
						if (!rs.wasNull()) {
							queue = queue.withConcurrency(running);
						}
						int rate = rs.getInt("rate_limit");
						if (!rs.wasNull()) {
							queue = queue.withRate(rate, Duration.ofMillis(rs.getLong("rate_period_ms")));
						}
						limits.put(rs.getString("name"), queue);
					});
		return limits;
	}

}
