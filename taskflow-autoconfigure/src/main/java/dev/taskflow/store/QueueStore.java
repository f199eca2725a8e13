package dev.taskflow.store;

import java.util.List;

/**
 * Paused queues, in {@code taskflow_queue}: every claim reads them in its own statement,
 * so a pause holds on every node as soon as it commits, and outlives restarts.
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

}
