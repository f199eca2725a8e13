package dev.taskflow.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.JobStatus;

/**
 * Reads single jobs and applies the user's commands to them (cancel, retry).
 *
 * @author TaskFlow
 */
final class JobRecords {

	private final StoreSupport store;

	private final String cancelSql;

	private final String retrySql;

	private final String queueStatisticsSql;

	JobRecords(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		this.cancelSql = "UPDATE taskflow_job SET status = 'CANCELLED', finished_at = " + dialect.now()
				+ ", unique_key = NULL WHERE id = ? AND status = 'PENDING'";
		// attempt numbers go on: the history keeps a row per number
		this.retrySql = "UPDATE taskflow_job SET status = 'PENDING', max_attempts = attempt + ?, run_at = "
				+ dialect.now()
				+ ", finished_at = NULL, result = NULL WHERE id = ? AND status IN ('FAILED', 'CANCELLED')";
		// the database's time as an aggregate: a bare expression beside GROUP BY is
		// refused by some databases
		this.queueStatisticsSql = "SELECT queue, status, COUNT(*) AS job_count, MIN(run_at) AS oldest_run_at, MAX("
				+ dialect.now() + ") AS db_now FROM taskflow_job WHERE status IN ('PENDING', 'RUNNING')"
				+ " GROUP BY queue, status";
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
				rs.getString("status"), rs.getLong("job_count"),
				Duration.between(dialect.getTimestamp(rs, "oldest_run_at"), dialect.getTimestamp(rs, "db_now"))));
	}

	boolean cancel(UUID id) {
		return this.store.inCallerTransaction(() -> updateOne(this.cancelSql, id));
	}

	boolean retry(UUID id, int attempts) {
		return this.store.inCallerTransaction(() -> this.store.jdbc().update(this.retrySql, (ps) -> {
			ps.setInt(1, attempts);
			this.store.dialect().setId(ps, 2, id);
		}) == 1);
	}

	private boolean updateOne(String sql, UUID id) {
		return this.store.jdbc().update(sql, (ps) -> this.store.dialect().setId(ps, 1, id)) == 1;
	}

	private JobRecord record(ResultSet rs) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		return new JobRecord(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), dialect.getTimestamp(rs, "run_at"),
				rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getString("result"), rs.getString("last_error"),
				rs.getString("owner_node"), dialect.getTimestamp(rs, "created_at"),
				dialect.getTimestamp(rs, "started_at"), dialect.getTimestamp(rs, "finished_at"),
				rs.getString("schedule_name"), dialect.getTimestamp(rs, "fire_time"), rs.getString("concurrency_key"),
				rs.getString("correlation_id"));
	}

}
