package dev.taskflow.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.JobId;
import dev.taskflow.JobProgress;
import dev.taskflow.JobStatus;
import dev.taskflow.UniqueKeyConflictException;

/**
 * Reads single jobs and applies the user's commands to them (cancel, retry).
 *
 * @author TaskFlow
 */
final class JobRecords {

	// attempt numbers go on (the history keeps a row per number), and the job takes back
	// the unique key it was enqueued with: the unique index refuses it while another
	// active job holds that key
	// the database's time as an aggregate: a bare expression beside GROUP BY is refused
	// by
	// some databases
	private static final String QUEUE_STATISTICS = """
			SELECT queue, status, COUNT(*) AS job_count, SUM(CASE WHEN run_at <= %2$s THEN 1 ELSE 0 END) AS due_count,
			MIN(run_at) AS oldest_run_at, MAX(%3$s) AS db_now FROM taskflow_job WHERE status = '%1$s' GROUP BY queue, status""";

	private static final String RETRY = """
			UPDATE taskflow_job SET status = 'PENDING', max_attempts = attempt + ?, run_at = %s,
			finished_at = NULL, result = NULL, unique_key = requested_key
			WHERE id = ? AND status IN ('FAILED', 'CANCELLED') AND workflow_id IS NULL
			""";

	private static final String KEY_HOLDER = """
			SELECT holder.id, job.requested_key FROM taskflow_job job
			JOIN taskflow_job holder ON holder.unique_key = job.requested_key
			WHERE job.id = ?
			""";

	// the holder of a key can finish between the refused retry and the look-up: try again
	private static final int MAX_KEY_ROUNDS = 5;

	private final StoreSupport store;

	private final String cancelSql;

	private final String retrySql;

	private final String askToStopSql;

	private volatile WorkflowJoin join;

	private volatile WorkflowSignals signals = WorkflowSignals.NONE;

	private final String keyHolderSql;

	private final String queueStatisticsSql;

	JobRecords(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		// a blocked workflow step too; the join then follows it
		this.cancelSql = "UPDATE taskflow_job SET status = 'CANCELLED', finished_at = " + dialect.now()
				+ ", unique_key = NULL, last_error = 'Cancelled on request' WHERE id = ? AND CONCAT(status, '') IN"
				+ " ('PENDING', 'BLOCKED')";
		this.askToStopSql = "UPDATE taskflow_job SET cancel_requested_at = " + dialect.now() + " WHERE id = ? AND "
				+ StoreSupport.statusOfRowIs("status", "RUNNING") + " AND cancel_requested_at IS NULL";
		this.retrySql = RETRY.formatted(dialect.now());
		// MariaDB: a caller's REPEATABLE READ snapshot may hide a newer holder
		this.keyHolderSql = KEY_HOLDER + dialect.latestCommittedReadClause();
		// a branch per status, each read through its own index (on PostgreSQL the partial
		// claim and lease indexes, which an IN list of both does not match, so that it
		// scanned the whole table)
		this.queueStatisticsSql = QUEUE_STATISTICS.formatted("PENDING", dialect.now(), dialect.now()) + " UNION ALL "
				+ QUEUE_STATISTICS.formatted("RUNNING", dialect.now(), dialect.now());
	}

	Optional<JobRecord> find(UUID id) {
		List<JobRecord> found = this.store.jdbc()
			.query("SELECT * FROM taskflow_job WHERE id = ?", (ps) -> this.store.dialect().setId(ps, 1, id),
					(rs, row) -> record(rs));
		return found.stream().findFirst();
	}

	List<QueueStatistics> queueStatistics(Duration timeout) {
		SqlDialect dialect = this.store.dialect();
		JdbcTemplate jdbc = (timeout != null) ? this.store.jdbc(timeout) : this.store.jdbc();
		return jdbc.query(this.queueStatisticsSql, (rs, row) -> new QueueStatistics(rs.getString("queue"),
				rs.getString("status"), rs.getLong("job_count"), rs.getLong("due_count"),
				Duration.between(dialect.getTimestamp(rs, "oldest_run_at"), dialect.getTimestamp(rs, "db_now"))));
	}

	void joinWorkflows(WorkflowJoin join, WorkflowSignals signals) {
		this.join = join;
		this.signals = signals;
	}

	/**
	 * Cancel a job that waits, or ask a running one to stop.
	 * @param id the job
	 * @return what happened
	 */
	Cancel cancel(UUID id) {
		List<FinishedWorkflow> finished = new ArrayList<>();
		AtomicBoolean ofWorkflow = new AtomicBoolean();
		Cancel cancel = this.store.inCallerTransaction(() -> {
			if (updateOne(this.cancelSql, id)) {
				FinishedJobNotifications.send(this.store, List.of(id));
				JobStep step = stepOf(id);
				if (step != null && this.join != null) {
					ofWorkflow.set(true);
					finished.addAll(this.join.finished(List.of(new FinishedStepJob(id, step, JobStatus.CANCELLED))));
				}
				return Cancel.CANCELLED;
			}
			return updateOne(this.askToStopSql, id) ? Cancel.ASKED_TO_STOP : Cancel.NONE;
		});
		if (ofWorkflow.get()) {
			this.signals.workflowsChanged(finished);
		}
		return cancel;
	}

	/**
	 * Follow the cancel of jobs that may be workflow steps, in the cancel's transaction.
	 * @param ids the jobs just cancelled
	 */
	void cancelled(List<UUID> ids) {
		if (ids.isEmpty() || this.join == null) {
			return;
		}
		SqlDialect dialect = this.store.dialect();
		List<FinishedStepJob> steps = new ArrayList<>();
		for (List<UUID> chunk : WorkflowJoin.chunks(ids)) {
			this.store.jdbc()
				.query("SELECT id, workflow_id, step_name, step_role FROM taskflow_job WHERE workflow_id IS NOT NULL"
						+ " AND id IN (" + StoreSupport.placeholders(chunk.size()) + ")", (ps) -> {
							int index = 1;
							for (UUID id : chunk) {
								dialect.setId(ps, index++, id);
							}
						}, (rs) -> {
							steps.add(new FinishedStepJob(dialect.getId(rs, "id"), JobClaimer.step(dialect, rs),
									JobStatus.CANCELLED));
						});
		}
		if (!steps.isEmpty()) {
			this.signals.workflowsChanged(this.join.finished(steps));
		}
	}

	/**
	 * The step a job belongs to.
	 * @param id the job
	 * @return its step, or {@code null} for a job of no workflow
	 */
	JobStep stepOf(UUID id) {
		SqlDialect dialect = this.store.dialect();
		List<JobStep> steps = this.store.jdbc()
			.query("SELECT workflow_id, step_name, step_role FROM taskflow_job WHERE id = ?",
					(ps) -> dialect.setId(ps, 1, id), (rs, row) -> JobClaimer.step(dialect, rs));
		return steps.isEmpty() ? null : steps.get(0);
	}

	/**
	 * What a cancel did.
	 */
	enum Cancel {

		/**
		 * The job waited and is cancelled.
		 */
		CANCELLED,

		/**
		 * The job runs and was asked to stop: it ends cancelled when it has.
		 */
		ASKED_TO_STOP,

		/**
		 * Nothing: the job is finished, already asked, or does not exist.
		 */
		NONE

	}

	boolean retry(UUID id, int attempts) {
		return this.store.inCallerTransaction(() -> {
			for (int round = 0; round < MAX_KEY_ROUNDS; round++) {
				Retry retry = retryInSavepoint(id, attempts);
				if (retry != Retry.KEY_HELD) {
					return retry == Retry.RETRIED;
				}
				List<UniqueKeyConflictException> held = this.store.jdbc()
					.query(this.keyHolderSql, (ps) -> this.store.dialect().setId(ps, 1, id),
							(rs, row) -> new UniqueKeyConflictException(JobId.of(id), rs.getString("requested_key"),
									JobId.of(this.store.dialect().getId(rs, "id"))));
				if (!held.isEmpty()) {
					throw held.get(0);
				}
			}
			throw new IllegalStateException("Could not retry job " + id + ": its unique key kept changing hands");
		});
	}

	// a refused statement aborts the whole transaction on PostgreSQL, a caller's too:
	// rolling back to a savepoint keeps the transaction usable
	private Retry retryInSavepoint(UUID id, int attempts) {
		JdbcTemplate jdbc = this.store.jdbc();
		return jdbc.execute((ConnectionCallback<Retry>) (connection) -> {
			Savepoint savepoint = connection.setSavepoint();
			try {
				int updated = jdbc.update(this.retrySql, (ps) -> {
					ps.setInt(1, attempts);
					this.store.dialect().setId(ps, 2, id);
				});
				connection.releaseSavepoint(savepoint);
				return (updated == 1) ? Retry.RETRIED : Retry.NOT_RETRYABLE;
			}
			catch (DuplicateKeyException ex) {
				connection.rollback(savepoint);
				return Retry.KEY_HELD;
			}
		});
	}

	private boolean updateOne(String sql, UUID id) {
		return this.store.jdbc().update(sql, (ps) -> this.store.dialect().setId(ps, 1, id)) == 1;
	}

	private JobRecord record(ResultSet rs) throws SQLException {
		return read(rs, this.store.dialect(), true);
	}

	/**
	 * Read a job row.
	 * @param rs the result set, on a row with every column of the job table (but the
	 * payload, unless {@code withPayload})
	 * @param dialect the dialect
	 * @param withPayload whether the row holds the payload
	 * @return the record
	 * @throws SQLException on failure
	 */
	static JobRecord read(ResultSet rs, SqlDialect dialect, boolean withPayload) throws SQLException {
		return new JobRecord(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), dialect.getTimestamp(rs, "run_at"),
				rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getString("result"), rs.getString("last_error"),
				rs.getString("owner_node"), dialect.getTimestamp(rs, "created_at"),
				dialect.getTimestamp(rs, "started_at"), dialect.getTimestamp(rs, "finished_at"),
				rs.getString("schedule_name"), dialect.getTimestamp(rs, "fire_time"), rs.getString("concurrency_key"),
				rs.getString("correlation_id"), withPayload ? rs.getString("payload") : null,
				rs.getString("trace_parent"), rs.getString("requested_key"), dialect.getId(rs, "workflow_id"),
				rs.getString("step_name"), progress(rs, dialect));
	}

	private static JobProgress progress(ResultSet rs, SqlDialect dialect) throws SQLException {
		Instant at = dialect.getTimestamp(rs, "progress_at");
		return (at != null) ? new JobProgress(rs.getLong("progress_done"), rs.getLong("progress_total"),
				rs.getString("progress_message"), at) : null;
	}

	// what one retry statement did
	private enum Retry {

		RETRIED, NOT_RETRYABLE, KEY_HELD

	}

	// the statement as sent, for the tests of its plan
	String cancelSql() {
		return this.cancelSql;
	}

}
