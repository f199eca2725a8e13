package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;

/**
 * The reads and the clean-up that watching jobs needs (the Actuator endpoint, the health
 * indicator): jobs by page with filters, counts of all jobs by queue and status, and the
 * purge of finished jobs. (The active jobs' counts and ages are
 * {@link JobStore#queueStatistics()}, which the gauges read too.)
 *
 * @author TaskFlow
 */
public final class JobQueries {

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	// no payload and no result: a page lists jobs, the detail of one shows its values
	private static final int PURGE_CHUNK = 500;

	private static final String PAGE_COLUMNS = "id, handler, queue, status, priority, run_at, attempt, max_attempts,"
			+ " last_error, owner_node, created_at, started_at, finished_at, schedule_name, fire_time, concurrency_key,"
			+ " correlation_id";

	private final StoreSupport store;

	JobQueries(StoreSupport store) {
		this.store = store;
	}

	/**
	 * The database's time now.
	 * @return the time
	 */
	public Instant databaseNow() {
		return this.store.dialect().currentTime(this.store.jdbc());
	}

	/**
	 * One page of jobs, newest first (by creation time, then id).
	 * @param filter which jobs, and where the page starts
	 * @param limit the most jobs to return
	 * @return the jobs, without payload and result
	 */
	public List<JobRecord> page(JobFilter filter, int limit) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		SqlDialect dialect = this.store.dialect();
		StringBuilder sql = new StringBuilder("SELECT " + PAGE_COLUMNS + " FROM taskflow_job WHERE 1 = 1");
		List<Object> values = new ArrayList<>();
		if (!filter.statuses().isEmpty()) {
			sql.append(" AND status IN (").append(StoreSupport.placeholders(filter.statuses().size())).append(")");
			filter.statuses().forEach((status) -> values.add(status.name()));
		}
		if (filter.queue() != null) {
			sql.append(" AND queue = ?");
			values.add(filter.queue());
		}
		if (filter.handler() != null) {
			sql.append(" AND handler = ?");
			values.add(filter.handler());
		}
		if (filter.beforeCreatedAt() != null) {
			if (filter.beforeId() != null) {
				sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
				values.add(filter.beforeCreatedAt());
				values.add(filter.beforeCreatedAt());
				values.add(filter.beforeId());
			}
			else {
				sql.append(" AND created_at < ?");
				values.add(filter.beforeCreatedAt());
			}
		}
		sql.append(" ORDER BY created_at DESC, id DESC").append(dialect.limitParameter());
		values.add(limit);
		return this.store.jdbc().query(sql.toString(), (ps) -> {
			for (int i = 0; i < values.size(); i++) {
				Object value = values.get(i);
				if (value instanceof Instant instant) {
					dialect.setTimestamp(ps, i + 1, instant);
				}
				else if (value instanceof UUID id) {
					dialect.setId(ps, i + 1, id);
				}
				else {
					ps.setObject(i + 1, value);
				}
			}
		}, (rs, row) -> pageRecord(rs));
	}

	/**
	 * The payload of a job, as stored.
	 * @param id the job's id
	 * @return its payload JSON, empty if the job does not exist or has none
	 */
	public Optional<String> payload(UUID id) {
		List<String> found = this.store.jdbc()
			.query("SELECT payload FROM taskflow_job WHERE id = ?", (ps) -> this.store.dialect().setId(ps, 1, id),
					(rs, row) -> rs.getString("payload"));
		return found.stream().filter((payload) -> payload != null).findFirst();
	}

	/**
	 * Count every job by queue and status, with the age of the oldest due job of each
	 * queue. A grouped scan of the whole job table: for an operator's request, not for a
	 * loop.
	 * @return the counts by queue and status
	 */
	public List<QueueCount> countByQueueAndStatus() {
		String now = this.store.dialect().now();
		// the database's time as an aggregate: a bare expression beside GROUP BY is
		// refused by some databases
		String sql = "SELECT queue, status, COUNT(*) AS job_count, MIN(CASE WHEN status = 'PENDING' AND run_at <= "
				+ now + " THEN run_at END) AS oldest_due, MAX(" + now
				+ ") AS db_now FROM taskflow_job GROUP BY queue, status" + " ORDER BY queue, status";
		SqlDialect dialect = this.store.dialect();
		return this.store.jdbc().query(sql, (rs, row) -> {
			Instant oldestDue = dialect.getTimestamp(rs, "oldest_due");
			Duration age = (oldestDue != null) ? Duration.between(oldestDue, dialect.getTimestamp(rs, "db_now")) : null;
			return new QueueCount(rs.getString("queue"), JobStatus.valueOf(rs.getString("status")),
					rs.getLong("job_count"), age);
		});
	}

	/**
	 * Whether any job, any paused-queue entry or the given known names mention a queue.
	 * @param queue the queue name
	 * @return whether the queue is known to the store
	 */
	public boolean queueExists(String queue) {
		SqlDialect dialect = this.store.dialect();
		return !this.store.jdbc()
			.queryForList("SELECT queue FROM taskflow_job WHERE queue = ?" + dialect.limitParameter(), String.class,
					queue, 1)
			.isEmpty()
				|| !this.store.jdbc()
					.queryForList("SELECT name FROM taskflow_queue WHERE name = ?", String.class, queue)
					.isEmpty();
	}

	/**
	 * Delete the finished jobs ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED})
	 * that finished before the given time. Active jobs are never deleted.
	 * @param before the time
	 * @return the number of jobs deleted
	 */
	public int purgeFinishedBefore(Instant before) {
		return purgeFinishedBefore(before, FINISHED);
	}

	/**
	 * Delete the jobs of the given finished statuses that finished before the given time.
	 * @param before the time
	 * @param statuses finished statuses only
	 * @return the number of jobs deleted
	 * @throws IllegalArgumentException if a status is not a finished one
	 */
	public int purgeFinishedBefore(Instant before, Collection<JobStatus> statuses) {
		Assert.notNull(before, "'before' must not be null");
		Assert.notEmpty(statuses, "'statuses' must not be empty");
		for (JobStatus status : statuses) {
			Assert.isTrue(FINISHED.contains(status),
					() -> "Only finished jobs can be purged, not " + status + " ones: pick from " + FINISHED);
		}
		SqlDialect dialect = this.store.dialect();
		List<JobStatus> list = List.copyOf(statuses);
		String finished = "status IN (" + StoreSupport.placeholders(list.size()) + ") AND finished_at < "
				+ dialect.timestampParameter();
		String candidates = "SELECT id FROM taskflow_job WHERE " + finished + dialect.limitParameter();
		// the condition is read again: a job retried since it was chosen stays; its
		// attempts go with it (foreign key ON DELETE CASCADE)
		String delete = "DELETE FROM taskflow_job WHERE " + finished + " AND id IN (%s)";
		int purged = 0;
		while (true) {
			// in chunks of one statement each: no long transaction locks a large table
			List<UUID> ids = this.store.jdbc().query(candidates, (ps) -> {
				int index = setFinished(ps, list, before);
				ps.setInt(index, PURGE_CHUNK);
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (ids.isEmpty()) {
				return purged;
			}
			purged += this.store.autoCommitted(() -> this.store.jdbc()
				.update(String.format(delete, StoreSupport.placeholders(ids.size())), (ps) -> {
					int index = setFinished(ps, list, before);
					for (UUID id : ids) {
						dialect.setId(ps, index++, id);
					}
				}));
			if (ids.size() < PURGE_CHUNK) {
				return purged;
			}
		}
	}

	private int setFinished(PreparedStatement ps, List<JobStatus> statuses, Instant before) throws SQLException {
		for (int i = 0; i < statuses.size(); i++) {
			ps.setString(i + 1, statuses.get(i).name());
		}
		this.store.dialect().setTimestamp(ps, statuses.size() + 1, before);
		return statuses.size() + 2;
	}

	private JobRecord pageRecord(ResultSet rs) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		return new JobRecord(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
				JobStatus.valueOf(rs.getString("status")), rs.getInt("priority"), dialect.getTimestamp(rs, "run_at"),
				rs.getInt("attempt"), rs.getInt("max_attempts"), null, rs.getString("last_error"),
				rs.getString("owner_node"), dialect.getTimestamp(rs, "created_at"),
				dialect.getTimestamp(rs, "started_at"), dialect.getTimestamp(rs, "finished_at"),
				rs.getString("schedule_name"), dialect.getTimestamp(rs, "fire_time"), rs.getString("concurrency_key"),
				rs.getString("correlation_id"), null);
	}

	/**
	 * Which jobs a page holds.
	 *
	 * @param statuses the statuses to include (all when empty)
	 * @param queue the queue, or {@code null} for all
	 * @param handler the handler, or {@code null} for all
	 * @param beforeCreatedAt only jobs created before this time (or at it, with a lower
	 * id than {@code beforeId}); {@code null} from the newest
	 * @param beforeId the id of the last job of the previous page, or {@code null}
	 */
	public record JobFilter(Set<JobStatus> statuses, String queue, String handler, Instant beforeCreatedAt,
			UUID beforeId) {

		public JobFilter {
			statuses = (statuses != null) ? Set.copyOf(statuses) : Set.of();
		}

	}

	/**
	 * How many jobs of one queue have one status.
	 *
	 * @param queue the queue
	 * @param status the status
	 * @param count the number of jobs
	 * @param oldestDueAge for {@code PENDING}, how long the oldest due job has waited;
	 * otherwise (or with no job due) {@code null}
	 */
	public record QueueCount(String queue, JobStatus status, long count, Duration oldestDueAge) {

	}

}
