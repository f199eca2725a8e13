package dev.taskflow.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Reads the history of a job's attempts ({@code taskflow_attempt}) and purges finished
 * jobs with their history. The rows are written by the statements that end attempts:
 * {@link JobCompleter}, and {@link JobLeases} for rescued and released ones.
 *
 * @author TaskFlow
 */
final class AttemptHistory {

	/**
	 * The columns of {@code taskflow_attempt}, in the order the writers bind them.
	 */
	static final String COLUMNS = "job_id, attempt, node_id, started_at, finished_at, outcome, error, logs";

	private static final String FINISHED = "status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')";

	private static final int PURGE_CHUNK = 500;

	private final StoreSupport store;

	private final String purgeCandidatesSql;

	private final String purgeSql;

	AttemptHistory(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		this.purgeCandidatesSql = "SELECT id FROM taskflow_job WHERE " + FINISHED + " AND finished_at < "
				+ dialect.timestampParameter() + dialect.limitParameter();
		// the condition is read again: a job retried since it was chosen stays. Its
		// history goes with it by the foreign key's ON DELETE CASCADE, in the same
		// statement
		this.purgeSql = "DELETE FROM taskflow_job WHERE " + FINISHED + " AND finished_at < "
				+ dialect.timestampParameter() + " AND id IN (%s)";
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
			.query("SELECT attempt, owner_node, started_at FROM taskflow_job WHERE id = ? AND status = 'RUNNING'",
					(ps) -> dialect.setId(ps, 1, jobId),
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

	/**
	 * Delete the jobs that finished before the cutoff, with their attempts.
	 * @param cutoff the cutoff
	 * @return the number of jobs deleted
	 */
	int purgeFinishedBefore(Instant cutoff) {
		SqlDialect dialect = this.store.dialect();
		int purged = 0;
		while (true) {
			// in chunks, each one statement: no long transaction holds locks on a large
			// table
			List<UUID> ids = this.store.jdbc().query(this.purgeCandidatesSql, (ps) -> {
				dialect.setTimestamp(ps, 1, cutoff);
				ps.setInt(2, PURGE_CHUNK);
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (ids.isEmpty()) {
				return purged;
			}
			purged += this.store.retryingDeadlocks(() -> this.store.jdbc()
				.update(String.format(this.purgeSql, StoreSupport.placeholders(ids.size())), (ps) -> {
					dialect.setTimestamp(ps, 1, cutoff);
					int index = 2;
					for (UUID id : ids) {
						dialect.setId(ps, index++, id);
					}
				}));
			if (ids.size() < PURGE_CHUNK) {
				return purged;
			}
		}
	}

}
