package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;

import dev.taskflow.JobStatus;

/**
 * Keeps the leases of running jobs: extends a node's leases, hands expired ones back, and
 * releases a stopping node's jobs. All times are the database's.
 *
 * @author TaskFlow
 */
final class JobLeases {

	private static final int MAX_IDS_PER_STATEMENT = 500;

	private static final String RESCUED_COLUMNS = "id, handler, queue, priority, attempt, max_attempts, workflow_id,"
			+ " step_name, step_role, cancel_requested_at";

	/**
	 * How many times one job's attempt is given back because its node died before
	 * confirming the start. A handler that brings its node down before the next lease
	 * renewal would otherwise run for ever; after this many, its attempts count.
	 */
	static final int MAX_UNCONFIRMED_EXPIRIES = 3;

	/**
	 * The most jobs one rescue hands back: a rescue has a time limit, and without a bound
	 * a backlog of expired jobs too large to rescue within it would never be rescued.
	 */
	static final int RESCUE_BATCH = 1000;

	// an attempt whose start its node never confirmed may never have run: it is given
	// back (its number kept, as for a release at shutdown: a late outcome of it is still
	// fenced off) a bounded number of times
	private static final String GIVES_BACK = "(confirmed_attempt IS NULL OR confirmed_attempt <> attempt)"
			+ " AND COALESCE(unconfirmed_expiries, 0) < " + MAX_UNCONFIRMED_EXPIRIES;

	private static final String HELD_BY_NODE = " WHERE owner_node = ? AND ";

	private final StoreSupport store;

	private final String extendSql;

	private final String extendConfirmingSql;

	private final String heldSql;

	private final String extendAnywaySql;

	private final String rescueSql;

	private final String releaseSql;

	private final String releaseStartedSql;

	private final String expiredSql;

	private final String anyExpiredSql;

	private final String rescueHistorySql;

	private final String rescueByIdsSql;

	private final String endingStepsSql;

	private volatile WorkflowJoin join;

	private volatile WorkflowSignals signals = WorkflowSignals.NONE;

	private final String releasedHistorySql;

	JobLeases(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		// an expired lease is never revived: the job may be being rescued at this moment
		String extend = "UPDATE taskflow_job SET lease_until = " + dialect.nowPlusMicros();
		String heldByNode = HELD_BY_NODE + StoreSupport.statusOfRowIs("status", "RUNNING") + " AND lease_until > "
				+ dialect.now() + " AND id IN (%s)";
		// the renewal also confirms which attempts started, so that a start costs no
		// write of its own; the few held jobs that have not started (prefetched) are
		// named, not the many that have
		// where an UPDATE cannot return rows, a job someone asked to stop is left out, so
		// that the count falls short and the read of the held jobs that follows tells it
		// (no statement more in the common case); PostgreSQL returns the request
		String unlessCancelRequested = dialect.supportsUpdateReturning() ? "" : " AND cancel_requested_at IS NULL";
		this.extendSql = extend + ", confirmed_attempt = attempt" + heldByNode + unlessCancelRequested;
		this.extendConfirmingSql = extend
				+ ", confirmed_attempt = CASE WHEN id IN (%s) THEN confirmed_attempt ELSE attempt END" + heldByNode
				+ unlessCancelRequested;
		this.extendAnywaySql = extend + heldByNode;
		this.heldSql = "SELECT id, cancel_requested_at FROM taskflow_job" + heldByNode;
		String outOfAttempts = "NOT (" + GIVES_BACK + ") AND attempt >= max_attempts";
		// a job someone asked to stop is not run again: it ends cancelled
		String ends = "cancel_requested_at IS NOT NULL OR (" + outOfAttempts + ")";
		String leaseExpired = "CONCAT('Lease expired on node ', owner_node, ' during attempt ', attempt,"
				+ " ': the node stopped or lost the database', CASE WHEN " + GIVES_BACK
				+ " THEN ' before it confirmed that the attempt had started; the attempt does not count'"
				+ " ELSE '' END)";
		// assignments read other columns before they change: MariaDB assigns left to
		// right, so what the others read changes last
		String rescue = "UPDATE taskflow_job SET last_error = " + leaseExpired + "," //
				+ " finished_at = CASE WHEN " + ends + " THEN " + dialect.now() + " ELSE NULL END," //
				+ " unique_key = CASE WHEN " + ends + " THEN NULL ELSE unique_key END," //
				+ " status = CASE WHEN cancel_requested_at IS NOT NULL THEN 'CANCELLED' WHEN " + outOfAttempts
				+ " THEN 'FAILED' ELSE 'PENDING' END," //
				+ " max_attempts = CASE WHEN " + GIVES_BACK + " THEN max_attempts + 1 ELSE max_attempts END," //
				+ " unconfirmed_expiries = CASE WHEN " + GIVES_BACK
				+ " THEN COALESCE(unconfirmed_expiries, 0) + 1 ELSE unconfirmed_expiries END," //
				+ " run_at = " + dialect.now() + ", owner_node = NULL, lease_until = NULL";
		String endingStep = "workflow_id IS NOT NULL AND (" + ends + ")";
		// read before the rescue, reported as the rescue leaves them; rows another node
		// is rescuing right now are skipped, not waited for: they are that node's to
		// report
		String selectExpired = "SELECT id, handler, queue, priority, attempt, CASE WHEN " + GIVES_BACK
				+ " THEN max_attempts + 1 ELSE max_attempts END AS max_attempts, owner_node, workflow_id, step_name,"
				+ " step_role, cancel_requested_at FROM taskflow_job WHERE status = 'RUNNING' AND lease_until < "
				+ dialect.now();
		String lockBatch = " LIMIT " + RESCUE_BATCH + " FOR UPDATE SKIP LOCKED";
		this.rescueByIdsSql = rescue + " WHERE status = 'RUNNING' AND lease_until < " + dialect.now()
				+ " AND id IN (%s)";
		// read before the rescue clears the owner: the rows are locked, so it reads
		// exactly the attempts the rescue ends
		this.rescueHistorySql = dialect
			.insertAttempts("SELECT id, attempt, owner_node, started_at, " + dialect.now() + ", 'LEASE_EXPIRED', "
					+ leaseExpired + ", NULL FROM taskflow_job WHERE status = 'RUNNING' AND lease_until < "
					+ dialect.now() + " AND id IN (%s)");
		if (dialect.supportsUpdateReturning()) {
			// one statement tells which jobs it rescued and keeps their attempts in the
			// history: it locks the expired rows first (skipping rows a completion or a
			// heartbeat holds, for the next round), so it reads each one's node from its
			// latest version. A workflow step the rescue ends (failed or cancelled) is
			// left to a transaction that also writes its workflow's join: the statement
			// only says that there is one, in a last row
			this.rescueSql = "WITH expired AS (SELECT id AS expired_id, owner_node AS expired_node,"
					+ " started_at AS expired_started_at FROM taskflow_job WHERE status = 'RUNNING' AND lease_until < "
					+ dialect.now() + " AND NOT (" + endingStep + ")" + lockBatch + "), rescued AS (" + rescue
					+ " FROM expired WHERE taskflow_job.id = expired.expired_id RETURNING " + RESCUED_COLUMNS
					+ ", last_error, expired_node, expired_started_at), history AS ("
					+ dialect.insertAttempts("SELECT id, attempt, expired_node, expired_started_at, " + dialect.now()
							+ ", 'LEASE_EXPIRED', last_error, NULL FROM rescued")
					+ ") SELECT " + RESCUED_COLUMNS + ", expired_node AS owner_node, 0 AS ending_step FROM rescued"
					+ " UNION ALL (SELECT " + RESCUED_COLUMNS + ", owner_node, 1 FROM taskflow_job"
					+ " WHERE status = 'RUNNING' AND lease_until < " + dialect.now() + " AND " + endingStep
					+ " LIMIT 1)";
			this.expiredSql = null;
			this.anyExpiredSql = null;
			this.endingStepsSql = selectExpired + " AND " + endingStep + lockBatch;
		}
		else {
			this.rescueSql = null;
			this.expiredSql = selectExpired + lockBatch;
			this.anyExpiredSql = "SELECT 1 FROM taskflow_job WHERE status = 'RUNNING' AND lease_until < "
					+ dialect.now() + " LIMIT 1";
			this.endingStepsSql = null;
		}
		// a released attempt never ran to an outcome, so it does not count
		String released = "status = 'PENDING', run_at = " + dialect.now() + ", owner_node = NULL, lease_until = NULL";
		String heldBy = " WHERE id = ? AND attempt = ? AND owner_node = ? AND "
				+ StoreSupport.statusOfRowIs("status", "RUNNING");
		// an attempt that never started gives its number back
		this.releaseSql = "UPDATE taskflow_job SET attempt = attempt - 1, " + released + heldBy;
		// one that started keeps it (an execution and maybe an outcome still in flight
		// carry it, so it must never be handed out twice) and gives one back to the
		// budget
		this.releaseStartedSql = "UPDATE taskflow_job SET max_attempts = max_attempts + 1, " + released + heldBy;
		// after the release, which locked the row: its started_at is the attempt's
		this.releasedHistorySql = dialect
			.insertAttempts("VALUES (?, ?, ?, (SELECT started_at FROM taskflow_job WHERE id = ?), " + dialect.now()
					+ ", 'RELEASED', NULL, NULL)");
	}

	/**
	 * Extend the leases this node holds on the given jobs.
	 * @param nodeId the node
	 * @param jobIds the jobs it holds
	 * @param started which of them a worker started: their attempts are confirmed as
	 * started
	 * @param lease the new lease, from now
	 * @return the jobs whose leases were extended
	 */
	LeaseRenewal extend(String nodeId, List<UUID> jobIds, Predicate<UUID> started, Duration lease,
			Map<UUID, JobReport> reports) {
		List<UUID> extended = new ArrayList<>(jobIds.size());
		List<UUID> cancelRequested = new ArrayList<>();
		long leaseMicros = lease.toNanos() / 1000;
		for (int from = 0; from < jobIds.size(); from += MAX_IDS_PER_STATEMENT) {
			List<UUID> chunk = jobIds.subList(from, Math.min(jobIds.size(), from + MAX_IDS_PER_STATEMENT));
			List<UUID> notStarted = chunk.stream().filter(started.negate()).toList();
			Map<UUID, ProgressUpdate> progress = new LinkedHashMap<>();
			Map<UUID, String> checkpoints = new LinkedHashMap<>();
			for (UUID id : chunk) {
				JobReport report = reports.get(id);
				if (report != null && report.progress() != null) {
					progress.put(id, report.progress());
				}
				if (report != null && report.checkpoint() != null) {
					checkpoints.put(id, report.checkpoint());
				}
			}
			LeaseRenewal renewed = this.store
				.autoCommitted(() -> extendChunk(nodeId, chunk, notStarted, leaseMicros, progress, checkpoints));
			extended.addAll(renewed.extended());
			cancelRequested.addAll(renewed.cancelRequested());
		}
		return new LeaseRenewal(extended, cancelRequested);
	}

	private LeaseRenewal extendChunk(String nodeId, List<UUID> chunk, List<UUID> notStarted, long leaseMicros,
			Map<UUID, ProgressUpdate> progress, Map<UUID, String> checkpoints) {
		SqlDialect dialect = this.store.dialect();
		String sql = notStarted.isEmpty() ? String.format(this.extendSql, StoreSupport.placeholders(chunk.size()))
				: String.format(this.extendConfirmingSql, StoreSupport.placeholders(notStarted.size()),
						StoreSupport.placeholders(chunk.size()));
		if (!progress.isEmpty() || !checkpoints.isEmpty()) {
			// what the handlers reported rides on the renewal: no statement of its own
			int where = sql.indexOf(HELD_BY_NODE);
			sql = sql.substring(0, where) + progressAssignments(progress.size())
					+ checkpointAssignment(checkpoints.size()) + sql.substring(where);
		}
		PreparedStatementSetter parameters = (ps) -> {
			int index = 1;
			ps.setLong(index++, leaseMicros);
			for (UUID id : notStarted) {
				dialect.setId(ps, index++, id);
			}
			index = bindProgress(ps, index, progress);
			for (Map.Entry<UUID, String> checkpoint : checkpoints.entrySet()) {
				dialect.setId(ps, index++, checkpoint.getKey());
				ps.setString(index++, checkpoint.getValue());
			}
			ps.setString(index++, nodeId);
			for (UUID id : chunk) {
				dialect.setId(ps, index++, id);
			}
		};
		if (dialect.supportsUpdateReturning()) {
			List<UUID> extended = new ArrayList<>();
			List<UUID> cancelRequested = new ArrayList<>();
			this.store.jdbc().query(sql + " RETURNING id, cancel_requested_at", parameters, (rs) -> {
				UUID id = dialect.getId(rs, "id");
				extended.add(id);
				if (dialect.getTimestamp(rs, "cancel_requested_at") != null) {
					cancelRequested.add(id);
				}
			});
			return new LeaseRenewal(extended, cancelRequested);
		}
		if (this.store.jdbc().update(sql, parameters) == chunk.size()) {
			return new LeaseRenewal(chunk, List.of());
		}
		// rare: some were not extended (expired, finished, asked to stop); an expired
		// lease is never revived, so the leases this node still holds are exactly those
		// this read finds
		String held = String.format(this.heldSql, StoreSupport.placeholders(chunk.size()));
		List<UUID> stillHeld = new ArrayList<>();
		List<UUID> cancelRequested = new ArrayList<>();
		this.store.jdbc().query(held, (ps) -> {
			ps.setString(1, nodeId);
			int index = 2;
			for (UUID id : chunk) {
				dialect.setId(ps, index++, id);
			}
		}, (rs) -> {
			UUID id = dialect.getId(rs, "id");
			stillHeld.add(id);
			if (dialect.getTimestamp(rs, "cancel_requested_at") != null) {
				cancelRequested.add(id);
			}
		});
		if (!cancelRequested.isEmpty()) {
			// asked to stop, but still running here: its lease goes on until it has
			String anyway = String.format(this.extendAnywaySql, StoreSupport.placeholders(cancelRequested.size()));
			this.store.jdbc().update(anyway, (ps) -> {
				ps.setLong(1, leaseMicros);
				ps.setString(2, nodeId);
				int index = 3;
				for (UUID id : cancelRequested) {
					dialect.setId(ps, index++, id);
				}
			});
		}
		return new LeaseRenewal(stillHeld, cancelRequested);
	}

	private String checkpointAssignment(int jobs) {
		return (jobs == 0) ? "" : ", checkpoint = CASE id"
				+ (" WHEN ? THEN " + this.store.dialect().jsonParameter()).repeat(jobs) + " ELSE checkpoint END";
	}

	// each column a CASE over the ids, so that one statement stores every job's own
	// values
	private String progressAssignments(int jobs) {
		if (jobs == 0) {
			return "";
		}
		String cases = " WHEN ? THEN ?".repeat(jobs);
		return ", progress_done = CASE id" + cases + " ELSE progress_done END, progress_total = CASE id" + cases
				+ " ELSE progress_total END, progress_message = CASE id" + cases
				+ " ELSE progress_message END, progress_at = CASE WHEN id IN (" + StoreSupport.placeholders(jobs)
				+ ") THEN " + this.store.dialect().now() + " ELSE progress_at END";
	}

	private int bindProgress(PreparedStatement ps, int first, Map<UUID, ProgressUpdate> progress) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		int index = first;
		for (UUID id : progress.keySet()) {
			dialect.setId(ps, index++, id);
			ps.setLong(index++, progress.get(id).done());
		}
		for (UUID id : progress.keySet()) {
			dialect.setId(ps, index++, id);
			ps.setLong(index++, progress.get(id).total());
		}
		for (UUID id : progress.keySet()) {
			dialect.setId(ps, index++, id);
			ps.setString(index++, progress.get(id).message());
		}
		for (UUID id : progress.keySet()) {
			dialect.setId(ps, index++, id);
		}
		return index;
	}

	/**
	 * Hand back jobs whose lease has expired, at most {@link #RESCUE_BATCH}: to
	 * {@code PENDING}, or to {@code FAILED} when they have no attempts left.
	 * @param timeout how long each statement may take before the database cuts it off
	 * @return the jobs rescued
	 */
	List<RescuedJob> rescueExpired(Duration timeout) {
		JdbcTemplate jdbc = this.store.jdbc(timeout);
		if (this.expiredSql == null) {
			List<RescuedJob> rescued = new ArrayList<>();
			AtomicBoolean endingSteps = new AtomicBoolean();
			this.store.autoCommitted(() -> {
				jdbc.query(this.rescueSql, (rs) -> {
					if (rs.getInt("ending_step") == 1) {
						endingSteps.set(true);
					}
					else {
						rescued.add(rescued(this.store.dialect(), rs));
					}
				});
				return null;
			});
			// rare, so a statement of its own after the rescue committed
			FinishedJobNotifications.send(this.store,
					rescued.stream().filter(RescuedJob::failed).map(RescuedJob::id).toList());
			if (endingSteps.get()) {
				rescued.addAll(rescueWithJoin(jdbc, this.endingStepsSql));
			}
			return rescued;
		}
		// a plain read first: most heartbeats find nothing expired, and then cost one
		// statement and no transaction, as a single UPDATE would
		if (jdbc.queryForList(this.anyExpiredSql, Integer.class).isEmpty()) {
			return List.of();
		}
		return rescueWithJoin(jdbc, this.expiredSql);
	}

	void joinWorkflows(WorkflowJoin join, WorkflowSignals signals) {
		this.join = join;
		this.signals = signals;
	}

	// in one transaction: the rescue, and the join of the workflow steps it ends
	private List<RescuedJob> rescueWithJoin(JdbcTemplate jdbc, String select) {
		List<FinishedWorkflow> finished = new ArrayList<>();
		AtomicBoolean ofWorkflows = new AtomicBoolean();
		List<RescuedJob> rescued = this.store.inTransaction(() -> {
			finished.clear();
			List<RescuedJob> expired = selectThenRescue(jdbc, select);
			List<FinishedStepJob> steps = new ArrayList<>();
			for (RescuedJob job : expired) {
				if (job.step() != null && (job.cancelled() || job.failed())) {
					steps.add(new FinishedStepJob(job.id(), job.step(),
							job.cancelled() ? JobStatus.CANCELLED : JobStatus.FAILED));
				}
			}
			if (!steps.isEmpty() && this.join != null) {
				ofWorkflows.set(true);
				FinishedJobNotifications.send(this.store, steps.stream().map(FinishedStepJob::id).toList());
				finished.addAll(this.join.finished(steps));
			}
			return expired;
		});
		if (ofWorkflows.get()) {
			this.signals.workflowsChanged(finished);
		}
		return rescued;
	}

	private List<RescuedJob> selectThenRescue(JdbcTemplate jdbc, String select) {
		List<RescuedJob> expired = jdbc.query(select, (rs, row) -> rescued(this.store.dialect(), rs));
		for (int from = 0; from < expired.size(); from += MAX_IDS_PER_STATEMENT) {
			List<RescuedJob> chunk = expired.subList(from, Math.min(expired.size(), from + MAX_IDS_PER_STATEMENT));
			// the rows are locked: both statements see exactly the jobs selected
			for (String sql : List.of(this.rescueHistorySql, this.rescueByIdsSql)) {
				jdbc.update(String.format(sql, StoreSupport.placeholders(chunk.size())), (ps) -> {
					int index = 1;
					for (RescuedJob job : chunk) {
						this.store.dialect().setId(ps, index++, job.id());
					}
				});
			}
		}
		return expired;
	}

	private static RescuedJob rescued(SqlDialect dialect, ResultSet rs) throws SQLException {
		// RETURNING gives the values after the update: the update changes neither
		// attempt nor max_attempts, and the node is read before the update cleared it
		return new RescuedJob(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				rs.getInt("priority"), rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getString("owner_node"),
				JobClaimer.step(dialect, rs), dialect.getTimestamp(rs, "cancel_requested_at") != null);
	}

	/**
	 * Release claimed jobs at once, due now, for another node to run; the attempts do not
	 * count.
	 * @param nodeId the node that holds them
	 * @param jobs the jobs and the attempts this node holds
	 * @param started whether those attempts started (their numbers are then kept)
	 * @return the number of jobs released
	 */
	int release(String nodeId, List<ClaimedJob> jobs, boolean started) {
		if (jobs.isEmpty()) {
			return 0;
		}
		if (!started) {
			return this.store.autoCommitted(() -> releaseJobs(nodeId, jobs, false).size());
		}
		// a started attempt ends in the history as released, in the release's transaction
		return this.store.inTransaction(() -> {
			List<ClaimedJob> released = releaseJobs(nodeId, jobs, true);
			if (!released.isEmpty()) {
				this.store.jdbc().batchUpdate(this.releasedHistorySql, released, released.size(), (ps, job) -> {
					this.store.dialect().setId(ps, 1, job.id());
					ps.setInt(2, job.attempt());
					ps.setString(3, nodeId);
					this.store.dialect().setId(ps, 4, job.id());
				});
			}
			return released.size();
		});
	}

	private List<ClaimedJob> releaseJobs(String nodeId, List<ClaimedJob> jobs, boolean started) {
		int[][] counts = this.store.jdbc()
			.batchUpdate(started ? this.releaseStartedSql : this.releaseSql, new ArrayList<>(jobs), jobs.size(),
					(ps, job) -> {
						this.store.dialect().setId(ps, 1, job.id());
						ps.setInt(2, job.attempt());
						ps.setString(3, nodeId);
					});
		List<ClaimedJob> released = new ArrayList<>();
		for (int i = 0; i < jobs.size(); i++) {
			if (counts[0][i] != 0) {
				released.add(jobs.get(i));
			}
		}
		return released;
	}

	// the statement as sent (with %s for the ids), for the tests of its plan
	String extendSql() {
		return this.extendSql;
	}

}
