package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims due jobs for one node with {@code FOR UPDATE SKIP LOCKED}: nodes never wait on
 * each other, and each claimed job is {@code RUNNING} under the node's lease, its attempt
 * counted.
 *
 * @author TaskFlow
 */
final class JobClaimer {

	static final String CLAIMED_COLUMNS = "id, handler, queue, attempt, max_attempts, payload, priority, run_at,"
			+ " schedule_name, fire_time, concurrency_key, trace_parent, correlation_id, workflow_id, step_name,"
			+ " step_role";

	/**
	 * Leaves out the jobs of paused queues: read in the claiming statement itself, so a
	 * pause holds on every node from the moment it commits.
	 */
	static final String NOT_PAUSED = " AND queue NOT IN (SELECT name FROM taskflow_queue WHERE paused = TRUE)";

	private final StoreSupport store;

	// PostgreSQL: a claim without statistics of the table sorts every due job
	private final MissingStatistics missingStatistics;

	private final List<String> handlers;

	private final List<String> excludedQueues;

	private final String claimSql;

	private final String updateSql;

	JobClaimer(StoreSupport store, Collection<String> handlers, Collection<String> excludedQueues) {
		this.store = store;
		this.handlers = List.copyOf(handlers);
		this.excludedQueues = List.copyOf(excludedQueues);
		SqlDialect dialect = store.dialect();
		// see CandidateQuery.priorityFloor for why every claim has a priority condition
		this.claimSql = claimSql(dialect, " AND priority >= ?");
		this.updateSql = dialect.supportsUpdateReturning() ? null : runningUpdate(dialect);
		this.missingStatistics = dialect.supportsUpdateReturning() ? new MissingStatistics(store) : null;
	}

	/**
	 * The claiming statement, for a test of its plan.
	 * @return the SQL
	 */
	String sql() {
		return this.claimSql;
	}

	private String claimSql(SqlDialect dialect, String priorityCondition) {
		String excluded = this.excludedQueues.isEmpty() ? ""
				: " AND queue NOT IN (" + StoreSupport.placeholders(this.excludedQueues.size()) + ")";
		if (dialect.supportsUpdateReturning()) {
			String running = "status = 'RUNNING', owner_node = ?, attempt = attempt + 1, started_at = " + dialect.now()
					+ ", lease_until = " + dialect.nowPlusMicros();
			// "id = ANY(ARRAY(...))", not a join: a generic plan of the join hashes the
			// whole table
			return "UPDATE taskflow_job SET " + running + " WHERE id = ANY(ARRAY(SELECT id FROM taskflow_job"
					+ " WHERE status = 'PENDING' AND run_at <= " + dialect.now() + " AND handler = ANY(?)" + excluded
					+ NOT_PAUSED + priorityCondition
					+ " ORDER BY priority DESC, run_at LIMIT ? FOR UPDATE SKIP LOCKED))" + " RETURNING "
					+ CLAIMED_COLUMNS;
		}
		return "SELECT " + CLAIMED_COLUMNS + " FROM taskflow_job WHERE status = 'PENDING' AND run_at <= "
				+ dialect.now() + " AND handler IN (" + StoreSupport.placeholders(this.handlers.size()) + ")" + excluded
				+ NOT_PAUSED + priorityCondition + " ORDER BY priority DESC, run_at" + dialect.limitParameter()
				+ " FOR UPDATE SKIP LOCKED";
	}

	/**
	 * Claim up to {@code limit} due jobs, highest priority and oldest first.
	 * @param nodeId the claiming node
	 * @param limit the most jobs to claim
	 * @param lease how long the claim holds without a heartbeat
	 * @param abovePriority only jobs of a higher priority than this, or
	 * {@link CandidateQuery#ALL_PRIORITIES}
	 * @return the claimed jobs
	 */
	List<ClaimedJob> claim(String nodeId, int limit, Duration lease, int abovePriority) {
		if (limit <= 0 || this.handlers.isEmpty()) {
			return List.of();
		}
		long leaseMicros = lease.toNanos() / 1000;
		long started = System.nanoTime();
		// one statement is atomic on its own: no transaction, no extra round trip
		List<ClaimedJob> claimed = (this.updateSql == null)
				? this.store.autoCommitted(() -> updateReturning(nodeId, limit, leaseMicros, abovePriority))
				: this.store.inTransaction(() -> selectThenUpdate(nodeId, limit, leaseMicros, abovePriority));
		if (this.missingStatistics != null) {
			this.missingStatistics.afterClaim(claimed.size(), limit, System.nanoTime() - started);
		}
		// RETURNING keeps no order: start the jobs in the order they were chosen
		List<ClaimedJob> ordered = new ArrayList<>(claimed);
		ordered.sort(ClaimedJob.START_ORDER);
		return ordered;
	}

	private List<ClaimedJob> updateReturning(String nodeId, int limit, long leaseMicros, int abovePriority) {
		return this.store.jdbc().query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(this.claimSql);
			int index = 1;
			ps.setString(index++, nodeId);
			ps.setLong(index++, leaseMicros);
			ps.setArray(index++, connection.createArrayOf("text", this.handlers.toArray()));
			for (String queue : this.excludedQueues) {
				ps.setString(index++, queue);
			}
			ps.setInt(index++, CandidateQuery.priorityFloor(abovePriority));
			ps.setInt(index, limit);
			return ps;
		}, (rs, row) -> claimed(this.store.dialect(), rs, 0));
	}

	private List<ClaimedJob> selectThenUpdate(String nodeId, int limit, long leaseMicros, int abovePriority) {
		List<ClaimedJob> due = this.store.jdbc().query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(this.claimSql);
			int index = 1;
			for (String handler : this.handlers) {
				ps.setString(index++, handler);
			}
			for (String queue : this.excludedQueues) {
				ps.setString(index++, queue);
			}
			ps.setInt(index++, CandidateQuery.priorityFloor(abovePriority));
			ps.setInt(index, limit);
			return ps;
		}, (rs, row) -> claimed(this.store.dialect(), rs, 1));
		markRunning(this.store, this.updateSql, nodeId, leaseMicros, due);
		return due;
	}

	/**
	 * Claim one pending job by its id: a test's request to run that job now.
	 * @param store the store
	 * @param nodeId the claiming node
	 * @param id the job
	 * @param lease how long the claim holds without a heartbeat
	 * @param onlyIfDue whether only a job that is due and not in a paused queue may be
	 * claimed, as a node would claim it, rather than any pending job
	 * @return the claimed job, or empty if it is not pending (or not due)
	 */
	static Optional<ClaimedJob> claimById(StoreSupport store, String nodeId, UUID id, Duration lease,
			boolean onlyIfDue) {
		SqlDialect dialect = store.dialect();
		String due = onlyIfDue ? " AND run_at <= " + dialect.now() + NOT_PAUSED : "";
		return store.inTransaction(() -> {
			List<ClaimedJob> found = store.jdbc()
				.query("SELECT " + CLAIMED_COLUMNS + " FROM taskflow_job WHERE id = ? AND status = 'PENDING'" + due
						+ " FOR UPDATE", (ps) -> dialect.setId(ps, 1, id), (rs, row) -> claimed(dialect, rs, 1));
			markRunning(store, runningUpdate(dialect), nodeId, lease.toNanos() / 1000, found);
			return found.stream().findFirst();
		});
	}

	/**
	 * Make selected (and locked) jobs {@code RUNNING} under a node's lease.
	 * @param store the store
	 * @param updateSql the update, with {@code %s} for the id placeholders
	 * @param nodeId the node
	 * @param leaseMicros the lease
	 * @param jobs the jobs
	 */
	static void markRunning(StoreSupport store, String updateSql, String nodeId, long leaseMicros,
			List<ClaimedJob> jobs) {
		if (jobs.isEmpty()) {
			return;
		}
		List<UUID> ids = jobs.stream().map(ClaimedJob::id).toList();
		store.jdbc().update(String.format(updateSql, StoreSupport.placeholders(ids.size())), (ps) -> {
			ps.setString(1, nodeId);
			ps.setLong(2, leaseMicros);
			int index = 3;
			for (UUID id : ids) {
				store.dialect().setId(ps, index++, id);
			}
		});
	}

	/**
	 * The update that makes jobs {@code RUNNING}, with {@code %s} for the ids.
	 * @param dialect the dialect
	 * @return the SQL
	 */
	static String runningUpdate(SqlDialect dialect) {
		return "UPDATE taskflow_job SET status = 'RUNNING', owner_node = ?, attempt = attempt + 1, started_at = "
				+ dialect.now() + ", lease_until = " + dialect.nowPlusMicros() + " WHERE id IN (%s)";
	}

	static ClaimedJob claimed(SqlDialect dialect, ResultSet rs, int attemptIncrement) throws SQLException {
		return new ClaimedJob(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				rs.getInt("attempt") + attemptIncrement, rs.getInt("max_attempts"), rs.getString("payload"),
				rs.getInt("priority"), dialect.getTimestamp(rs, "run_at"), rs.getString("schedule_name"),
				dialect.getTimestamp(rs, "fire_time"), rs.getString("concurrency_key"), rs.getString("trace_parent"),
				rs.getString("correlation_id"), step(dialect, rs));
	}

	static JobStep step(SqlDialect dialect, ResultSet rs) throws SQLException {
		String role = rs.getString("step_role");
		return (role != null)
				? new JobStep(dialect.getId(rs, "workflow_id"), rs.getString("step_name"), JobStep.Role.valueOf(role))
				: null;
	}

}
