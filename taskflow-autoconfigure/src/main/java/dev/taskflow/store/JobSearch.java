package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.util.Assert;

import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;

/**
 * The reads of the public query API: pages of jobs by filter, counts, many jobs by id,
 * and the statuses of awaited jobs. Lists and counts run under a statement timeout, as
 * filters that no index serves scan the job table.
 *
 * @author TaskFlow
 */
public final class JobSearch {

	/**
	 * The most ids read in one statement.
	 */
	public static final int MAX_IDS_PER_STATEMENT = 1000;

	// every column but the payload, which may be large and which a page leaves out
	private static final String PAGE_COLUMNS = """
			id, handler, queue, status, priority, run_at, attempt, max_attempts, result, last_error, owner_node,
			created_at, started_at, finished_at, schedule_name, fire_time, concurrency_key, correlation_id,
			trace_parent, requested_key, workflow_id, step_name, progress_done, progress_total, progress_message,
			progress_at""";

	private static final String LISTING = "listing jobs";

	// the order of the listing indexes (changeset taskflow-14-list-indexes)
	private static final String NEWEST_FIRST = "created_at DESC, id DESC";

	private static final String PAGE = "SELECT " + PAGE_COLUMNS + " FROM taskflow_job%s WHERE %s ORDER BY %s";

	private static final String COUNT = "SELECT COUNT(*) FROM taskflow_job WHERE %s";

	private static final String COUNT_BY_STATUS = """
			SELECT status, COUNT(*) AS job_count FROM taskflow_job WHERE %s GROUP BY status""";

	// a constant for the status: a GROUP BY over a derived table would read every branch
	// the same
	private static final String BOUNDED_COUNT = """
			SELECT '%s' AS status, COUNT(*) AS job_count FROM (SELECT 1 AS one FROM taskflow_job WHERE %s%s) bounded""";

	private static final String BY_IDS = "SELECT * FROM taskflow_job WHERE id IN (:ids)";

	private static final String STATUS_BY_IDS = "SELECT id, status FROM taskflow_job WHERE id IN (:ids)";

	private final StoreSupport store;

	JobSearch(StoreSupport store) {
		this.store = store;
	}

	/**
	 * The jobs of a page, newest first: one more than the query's limit when more follow.
	 * @param query the query
	 * @param timeout how long the statement may take
	 * @return up to the limit plus one jobs, without their payloads
	 * @throws QueryTimeoutException if it took longer
	 */
	public List<JobRecord> page(JobQuery query, Duration timeout) {
		SqlDialect dialect = this.store.dialect();
		Listing listing = Listing.of(dialect, query);
		int rows = query.getLimit() + 1;
		return timed(LISTING, query, timeout, (jdbc) -> jdbc.query(listing.sql(), (ps) -> listing.bind(ps, rows),
				(rs, row) -> JobRecords.read(rs, dialect, false)));
	}

	/**
	 * Count the jobs that match.
	 * @param query the query (its cursor is ignored)
	 * @param timeout how long the statement may take
	 * @return the number
	 * @throws QueryTimeoutException if it took longer
	 */
	public long count(JobQuery query, Duration timeout) {
		JobFilterSql filter = new JobFilterSql(this.store.dialect(), query, null);
		List<Long> counts = timed("counting jobs", query, timeout, (jdbc) -> jdbc.query(COUNT.formatted(filter.where()),
				(ps) -> filter.bind(ps, 1), (rs, row) -> rs.getLong(1)));
		return counts.get(0);
	}

	/**
	 * Count the jobs that match by status.
	 * @param query the query (its cursor is ignored)
	 * @param timeout how long the statement may take
	 * @return every status with its number
	 * @throws QueryTimeoutException if it took longer
	 */
	public Map<JobStatus, Long> countByStatus(JobQuery query, Duration timeout) {
		JobFilterSql filter = new JobFilterSql(this.store.dialect(), query, null);
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
		}
		timed("counting jobs by status", query, timeout, (jdbc) -> {
			jdbc.query(COUNT_BY_STATUS.formatted(filter.where()), (ps) -> filter.bind(ps, 1),
					(RowCallbackHandler) (rs) -> counts.put(JobStatus.valueOf(rs.getString("status")),
							rs.getLong("job_count")));
			return null;
		});
		return counts;
	}

	/**
	 * Count the jobs that match by status, each count read only up to a limit: one branch
	 * per status admitted, each stopping at the limit, so that the cost is bounded by the
	 * limit (read through the status's index, on PostgreSQL the claim, lease or listing
	 * index) rather than by the size of the table.
	 * @param query the query (its cursor is ignored)
	 * @param limit the most jobs counted in each status
	 * @param timeout how long the statement may take
	 * @return every status with its number, at most the limit
	 * @throws QueryTimeoutException if it took longer
	 */
	public Map<JobStatus, Long> countByStatus(JobQuery query, long limit, Duration timeout) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		SqlDialect dialect = this.store.dialect();
		Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
		List<JobFilterSql> branches = new ArrayList<>();
		List<String> selects = new ArrayList<>();
		for (JobStatus status : JobStatus.values()) {
			counts.put(status, 0L);
			if (!query.admits(status)) {
				continue;
			}
			JobFilterSql filter = new JobFilterSql(dialect, query, EnumSet.of(status));
			if (!dialect.listingIndexesHoldActiveJobs() && !status.isActive()) {
				filter.finished();
			}
			branches.add(filter);
			selects.add(BOUNDED_COUNT.formatted(status.name(), filter.where(), dialect.limitParameter()));
		}
		if (selects.isEmpty()) {
			return counts;
		}
		timed("counting jobs by status", query, timeout, (jdbc) -> {
			jdbc.query(String.join(" UNION ALL ", selects), (ps) -> {
				int next = 1;
				for (JobFilterSql filter : branches) {
					next = filter.bind(ps, next);
					ps.setLong(next++, limit);
				}
			}, (RowCallbackHandler) (rs) -> counts.put(JobStatus.valueOf(rs.getString("status")),
					rs.getLong("job_count")));
			return null;
		});
		return counts;
	}

	/**
	 * Read jobs by id, in one statement per {@value #MAX_IDS_PER_STATEMENT} ids.
	 * @param ids the ids
	 * @return the jobs found, with their payloads, in no particular order
	 */
	public List<JobRecord> findAll(Collection<UUID> ids) {
		SqlDialect dialect = this.store.dialect();
		List<JobRecord> found = new ArrayList<>(ids.size());
		for (List<UUID> chunk : chunks(ids)) {
			found.addAll(this.store.client()
				.sql(BY_IDS)
				.param("ids", dialect.ids(chunk))
				.query((rs, row) -> JobRecords.read(rs, dialect, true))
				.list());
		}
		return found;
	}

	/**
	 * The statuses of jobs, in one statement per {@value #MAX_IDS_PER_STATEMENT} ids.
	 * @param ids the ids
	 * @return the status of each job that exists
	 */
	public Map<UUID, JobStatus> statuses(Collection<UUID> ids) {
		SqlDialect dialect = this.store.dialect();
		Map<UUID, JobStatus> statuses = new HashMap<>();
		for (List<UUID> chunk : chunks(ids)) {
			this.store.client()
				.sql(STATUS_BY_IDS)
				.param("ids", dialect.ids(chunk))
				.query((RowCallbackHandler) (rs) -> statuses.put(dialect.getId(rs, "id"),
						JobStatus.valueOf(rs.getString("status"))));
		}
		return statuses;
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

	private static List<List<UUID>> chunks(Collection<UUID> ids) {
		List<UUID> all = List.copyOf(ids);
		List<List<UUID>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += MAX_IDS_PER_STATEMENT) {
			chunks.add(all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_STATEMENT)));
		}
		return chunks;
	}

	private <T> T timed(String what, JobQuery query, Duration timeout, TimedWork<T> work) {
		Assert.notNull(timeout, "'timeout' must not be null");
		JdbcTemplate jdbc = this.store.jdbc(timeout);
		try {
			return work.run(jdbc);
		}
		catch (DataAccessException ex) {
			if (!QueryTimeouts.isTimeout(ex)) {
				throw ex;
			}
			throw new QueryTimeoutException(gaveUp(what, query, timeout), ex);
		}
	}

	private static String gaveUp(String what, JobQuery query, Duration timeout) {
		String why;
		if (query.getText() != null) {
			why = "a text search reads the payload, error, unique key and correlation id of every job the other"
					+ " filters leave, and no index serves it";
		}
		else if (what.equals(LISTING) && (query.getCorrelationId() != null
				|| (query.getScheduleName() == null && query.getFinishedBefore() == null))) {
			why = "an index serves this listing, so the database was slow to answer or the job table was locked (a"
					+ " long transaction, a migration), or, on PostgreSQL, the pending jobs it sorts were too many";
		}
		else if (!JobFilterSql.isNarrowed(query)) {
			why = "no status, queue or handler filter narrows it, so it reads the whole job table";
		}
		else {
			why = "the jobs its filters leave took longer to read than allowed (a large table, or a combination of"
					+ " filters that no index serves)";
		}
		return "TaskFlow gave up " + what + " after " + timeout.toMillis() + " ms (spring.taskflow.query.timeout) for "
				+ query + ": " + why + ". Narrow the query by status, queue or handler and a creation time range,"
				+ " or raise spring.taskflow.query.timeout";
	}

	/**
	 * The statement of a page. A filter on a handler or a queue reads the index that
	 * starts with that column, one on a status the status index, in the index's order,
	 * and stops at the limit; the column leads the ORDER BY too, which its filter makes a
	 * constant: that changes no order, but lets H2 see that the index gives it. On
	 * PostgreSQL the listing indexes hold finished jobs only (see the changelog), so the
	 * pending and running ones are branches of their own, read from the claim and lease
	 * indexes and sorted, and the other branches say that they want finished jobs.
	 * Without a queue or handler every status admitted is a branch of its own: over an IN
	 * list the status index returns rows by status first, and a database would sort every
	 * job of those statuses. Branches are merged by an outer ORDER BY, each read up to
	 * the limit. Plans: docs/query-plans.md.
	 *
	 * @param sql the statement
	 * @param branches the filters in the order of their parameters, each followed by the
	 * limit (and the limit once more after them when there are several)
	 */
	record Listing(String sql, List<JobFilterSql> branches) {

		// in the listing indexes of PostgreSQL
		private static final Set<JobStatus> INDEXED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
				JobStatus.CANCELLED);

		static Listing of(SqlDialect dialect, JobQuery query) {
			if (query.getCorrelationId() != null) {
				// its index holds every status, and few jobs share one id
				JobFilterSql filter = new JobFilterSql(dialect, query, null).afterCursor(query);
				return new Listing(select(dialect, "correlation_id", filter) + dialect.limitParameter(),
						List.of(filter));
			}
			String lead = (query.getHandler() != null) ? "handler" : (query.getQueue() != null) ? "queue" : "status";
			List<Collection<JobStatus>> statuses = new ArrayList<>();
			Set<JobStatus> indexed = EnumSet.noneOf(JobStatus.class);
			for (JobStatus status : JobStatus.values()) {
				if (!query.admits(status)) {
					continue;
				}
				if (lead.equals("status") || (!dialect.listingIndexesHoldActiveJobs() && !INDEXED.contains(status))) {
					statuses.add(EnumSet.of(status));
				}
				else {
					indexed.add(status);
				}
			}
			if (!indexed.isEmpty()) {
				// with a queue or handler, one branch for the statuses the
				// listing indexes hold (every one but on PostgreSQL)
				statuses.add(0, (indexed.size() == JobStatus.values().length) ? null : indexed);
			}
			if (statuses.size() < 2) {
				// one branch, or none when no status is admitted
				JobFilterSql filter = filter(dialect, query, statuses.isEmpty() ? null : statuses.get(0));
				return new Listing(select(dialect, lead, filter) + dialect.limitParameter(), List.of(filter));
			}
			List<JobFilterSql> branches = new ArrayList<>();
			List<String> selects = new ArrayList<>();
			for (Collection<JobStatus> branch : statuses) {
				JobFilterSql filter = filter(dialect, query, branch);
				branches.add(filter);
				selects.add("(" + select(dialect, lead, filter) + dialect.limitParameter() + ")");
			}
			return new Listing(
					String.join(" UNION ALL ", selects) + " ORDER BY " + NEWEST_FIRST + dialect.limitParameter(),
					branches);
		}

		private static JobFilterSql filter(SqlDialect dialect, JobQuery query, Collection<JobStatus> statuses) {
			JobFilterSql filter = new JobFilterSql(dialect, query, statuses);
			if (!dialect.listingIndexesHoldActiveJobs() && statuses != null && INDEXED.containsAll(statuses)) {
				filter.finished();
			}
			return filter.afterCursor(query);
		}

		void bind(PreparedStatement ps, int rows) throws SQLException {
			int next = 1;
			for (JobFilterSql filter : this.branches) {
				next = filter.bind(ps, next);
				ps.setInt(next++, rows);
			}
			if (this.branches.size() > 1) {
				ps.setInt(next, rows);
			}
		}

		private static String select(SqlDialect dialect, String lead, JobFilterSql filter) {
			return PAGE.formatted(dialect.indexHint("taskflow_job_" + lead + "_created_idx"), filter.where(),
					dialect.ordersListingsByFilteredColumn() ? lead + ", " + NEWEST_FIRST : NEWEST_FIRST);
		}

	}

	@FunctionalInterface
	private interface TimedWork<T> {

		T run(JdbcTemplate jdbc);

	}

	/**
	 * Tells a statement the database cut off for its timeout from other failures.
	 */
	static final class QueryTimeouts {

		private QueryTimeouts() {
		}

		static boolean isTimeout(DataAccessException ex) {
			if (ex instanceof QueryTimeoutException) {
				return true;
			}
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof SQLTimeoutException) {
					return true;
				}
				if (cause instanceof SQLException sql) {
					// PostgreSQL and H2: query_canceled; MariaDB: ER_STATEMENT_TIMEOUT
					if ("57014".equals(sql.getSQLState()) || sql.getErrorCode() == 1969
							|| "70100".equals(sql.getSQLState())) {
						return true;
					}
				}
			}
			return false;
		}

	}

}
