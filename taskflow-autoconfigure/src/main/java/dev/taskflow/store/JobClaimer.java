package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Claims due jobs for one node with {@code FOR UPDATE SKIP LOCKED}: nodes never wait on
 * each other, and each claimed job is {@code RUNNING} under the node's lease, its attempt
 * counted.
 *
 * @author TaskFlow
 */
final class JobClaimer {

	private static final String CLAIMED_COLUMNS = "id, handler, queue, attempt, max_attempts, payload, priority, run_at,"
			+ " schedule_name, fire_time";

	private final StoreSupport store;

	private final List<String> handlers;

	private final String claimSql;

	private final String updateSql;

	JobClaimer(StoreSupport store, Collection<String> handlers) {
		this.store = store;
		this.handlers = List.copyOf(handlers);
		SqlDialect dialect = store.dialect();
		String running = "status = 'RUNNING', owner_node = ?, attempt = attempt + 1, started_at = " + dialect.now()
				+ ", lease_until = " + dialect.nowPlusMicros();
		if (dialect.supportsUpdateReturning()) {
			// "id = ANY(ARRAY(...))", not a join: a generic plan of the join hashes the
			// whole table
			this.claimSql = "UPDATE taskflow_job SET " + running + " WHERE id = ANY(ARRAY(SELECT id FROM taskflow_job"
					+ " WHERE status = 'PENDING' AND run_at <= " + dialect.now()
					+ " AND handler = ANY(?) ORDER BY priority DESC, run_at LIMIT ? FOR UPDATE SKIP LOCKED))"
					+ " RETURNING " + CLAIMED_COLUMNS;
			this.updateSql = null;
		}
		else {
			this.claimSql = "SELECT " + CLAIMED_COLUMNS + " FROM taskflow_job WHERE status = 'PENDING' AND run_at <= "
					+ dialect.now() + " AND handler IN (" + StoreSupport.placeholders(this.handlers.size())
					+ ") ORDER BY priority DESC, run_at" + dialect.limitParameter() + " FOR UPDATE SKIP LOCKED";
			this.updateSql = "UPDATE taskflow_job SET " + running + " WHERE id IN (%s)";
		}
	}

	/**
	 * Claim up to {@code limit} due jobs, highest priority and oldest first.
	 * @param nodeId the claiming node
	 * @param limit the most jobs to claim
	 * @param lease how long the claim holds without a heartbeat
	 * @return the claimed jobs
	 */
	List<ClaimedJob> claim(String nodeId, int limit, Duration lease) {
		if (limit <= 0 || this.handlers.isEmpty()) {
			return List.of();
		}
		long leaseMicros = lease.toNanos() / 1000;
		// one statement is atomic on its own: no transaction, no extra round trip
		List<ClaimedJob> claimed = (this.updateSql == null) ? updateReturning(nodeId, limit, leaseMicros)
				: this.store.inTransaction(() -> selectThenUpdate(nodeId, limit, leaseMicros));
		// RETURNING keeps no order: start the jobs in the order they were chosen
		List<ClaimedJob> ordered = new ArrayList<>(claimed);
		ordered.sort(ClaimedJob.START_ORDER);
		return ordered;
	}

	private List<ClaimedJob> updateReturning(String nodeId, int limit, long leaseMicros) {
		return this.store.jdbc().query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(this.claimSql);
			ps.setString(1, nodeId);
			ps.setLong(2, leaseMicros);
			ps.setArray(3, connection.createArrayOf("text", this.handlers.toArray()));
			ps.setInt(4, limit);
			return ps;
		}, (rs, row) -> claimed(rs, 0));
	}

	private List<ClaimedJob> selectThenUpdate(String nodeId, int limit, long leaseMicros) {
		List<ClaimedJob> due = this.store.jdbc().query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(this.claimSql);
			int index = 1;
			for (String handler : this.handlers) {
				ps.setString(index++, handler);
			}
			ps.setInt(index, limit);
			return ps;
		}, (rs, row) -> claimed(rs, 1));
		if (due.isEmpty()) {
			return due;
		}
		List<UUID> ids = due.stream().map(ClaimedJob::id).toList();
		this.store.jdbc().update(String.format(this.updateSql, StoreSupport.placeholders(ids.size())), (ps) -> {
			ps.setString(1, nodeId);
			ps.setLong(2, leaseMicros);
			int index = 3;
			for (UUID id : ids) {
				this.store.dialect().setId(ps, index++, id);
			}
		});
		return due;
	}

	private ClaimedJob claimed(ResultSet rs, int attemptIncrement) throws SQLException {
		return new ClaimedJob(this.store.dialect().getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				rs.getInt("attempt") + attemptIncrement, rs.getInt("max_attempts"), rs.getString("payload"),
				rs.getInt("priority"), this.store.dialect().getTimestamp(rs, "run_at"), rs.getString("schedule_name"),
				this.store.dialect().getTimestamp(rs, "fire_time"));
	}

}
