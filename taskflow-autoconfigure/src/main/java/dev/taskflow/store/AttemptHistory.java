package dev.taskflow.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Reads the history of a job's attempts ({@code taskflow_attempt}). The rows are written
 * by the statements that end attempts: {@link JobCompleter}, and {@link JobLeases} for
 * rescued and released ones.
 *
 * @author TaskFlow
 */
final class AttemptHistory {

	/**
	 * The columns of {@code taskflow_attempt}, in the order the writers bind them.
	 */
	static final String COLUMNS = "job_id, attempt, node_id, started_at, finished_at, outcome, error, logs";

	private final StoreSupport store;

	AttemptHistory(StoreSupport store) {
		this.store = store;
	}

	/**
	 * The attempts of a job, oldest first; a running attempt is read from the job row.
	 * @param jobId the job
	 * @return the attempts; empty if the job has none or does not exist
	 */
	List<AttemptRecord> attempts(UUID jobId) {
		SqlDialect dialect = this.store.dialect();
		// the job first: an attempt that ends in between is then read twice, never missed
		List<AttemptRecord> running = this.store.jdbc()
			.query("SELECT attempt, owner_node, started_at FROM taskflow_job WHERE id = ? AND "
					+ StoreSupport.statusOfRowIs("status", "RUNNING"), (ps) -> dialect.setId(ps, 1, jobId),
					(rs, row) -> new AttemptRecord(rs.getInt("attempt"), rs.getString("owner_node"),
							dialect.getTimestamp(rs, "started_at"), null, "RUNNING", null, null));
		List<AttemptRecord> attempts = new ArrayList<>(this.store.jdbc()
			.query("SELECT " + COLUMNS + " FROM taskflow_attempt WHERE job_id = ? ORDER BY attempt",
					(ps) -> dialect.setId(ps, 1, jobId),
					(rs, row) -> new AttemptRecord(rs.getInt("attempt"), rs.getString("node_id"),
							dialect.getTimestamp(rs, "started_at"), dialect.getTimestamp(rs, "finished_at"),
							rs.getString("outcome"), rs.getString("error"), rs.getString("logs"))));
		for (AttemptRecord attempt : running) {
			if (attempts.stream().noneMatch((ended) -> ended.attempt() == attempt.attempt())) {
				attempts.add(attempt);
			}
		}
		attempts.sort(Comparator.comparingInt(AttemptRecord::attempt));
		return attempts;
	}

}
