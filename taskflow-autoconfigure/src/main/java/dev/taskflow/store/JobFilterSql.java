package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;

/**
 * The WHERE clause of a {@link JobQuery} with its parameters, shared by lists, counts and
 * bulk operations so that each reads the filters the same way.
 *
 * @author TaskFlow
 */
final class JobFilterSql {

	private static final List<String> TEXT_COLUMNS = List.of("payload", "last_error", "requested_key",
			"correlation_id");

	private final SqlDialect dialect;

	private final StringBuilder where = new StringBuilder("1 = 1");

	private final List<Object> values = new ArrayList<>();

	/**
	 * The filters of a query.
	 * @param dialect the dialect
	 * @param query the query
	 * @param statuses the statuses to match instead of the query's own (a bulk operation
	 * narrows them to those it acts on), or {@code null} for the query's
	 */
	JobFilterSql(SqlDialect dialect, JobQuery query, Collection<JobStatus> statuses) {
		this.dialect = dialect;
		Collection<JobStatus> matched = (statuses != null) ? statuses : query.getStatuses();
		if (!matched.isEmpty()) {
			// literals, not parameters: PostgreSQL matches a condition to a
			// partial index by its values, which a generic plan does not know
			// (the names are the enum's own)
			this.where.append(" AND status IN (")
				.append(String.join(", ", matched.stream().map((status) -> "'" + status.name() + "'").toList()))
				.append(")");
		}
		if (!query.getIds().isEmpty()) {
			this.where.append(" AND id IN (").append(StoreSupport.placeholders(query.getIds().size())).append(")");
			query.getIds().forEach((id) -> this.values.add(id.value()));
		}
		equal("queue", query.getQueue());
		equal("handler", query.getHandler());
		equal("correlation_id", query.getCorrelationId());
		equal("schedule_name", query.getScheduleName());
		compare("created_at >= ", query.getCreatedAfter());
		compare("created_at < ", query.getCreatedBefore());
		compare("finished_at < ", query.getFinishedBefore());
		if (query.getText() != null) {
			String pattern = "%" + escape(query.getText().toLowerCase(Locale.ROOT)) + "%";
			this.where.append(" AND (");
			for (int i = 0; i < TEXT_COLUMNS.size(); i++) {
				this.where.append((i > 0) ? " OR " : "").append(dialect.containsIgnoringCase(TEXT_COLUMNS.get(i)));
				this.values.add(pattern);
			}
			this.where.append(")");
		}
	}

	/**
	 * Go on after the job of a page's cursor, newest first.
	 * @param query the query with the cursor, if any
	 * @return this filter
	 */
	JobFilterSql afterCursor(JobQuery query) {
		Instant createdAt = query.getCursorCreatedAt();
		if (createdAt != null) {
			// written out rather than as a row comparison, which MariaDB does not use an
			// index for; the bound before it is what lets every database start the index
			// scan at the cursor instead of filtering the rows of every page before it
			this.where.append(" AND created_at <= ")
				.append(this.dialect.timestampParameter())
				.append(" AND (created_at < ")
				.append(this.dialect.timestampParameter())
				.append(" OR (created_at = ")
				.append(this.dialect.timestampParameter())
				.append(" AND id < ?))");
			this.values.add(createdAt);
			this.values.add(createdAt);
			this.values.add(createdAt);
			this.values.add(query.getCursorId().value());
		}
		return this;
	}

	/**
	 * Only finished jobs: those with a finish time, which every final status sets and a
	 * retry clears. Says in so many words what the predicate of PostgreSQL's listing
	 * indexes says, so that the planner may use them.
	 * @return this filter
	 */
	JobFilterSql finished() {
		this.where.append(" AND finished_at IS NOT NULL");
		return this;
	}

	/**
	 * Go on after the given id, in the order of ids: how bulk operations walk the jobs.
	 * @param id the last id done, or {@code null} to start
	 * @return this filter
	 */
	JobFilterSql afterId(UUID id) {
		if (id != null) {
			this.where.append(" AND id > ?");
			this.values.add(id);
		}
		return this;
	}

	/**
	 * The condition, without {@code WHERE}.
	 * @return the SQL
	 */
	String where() {
		return this.where.toString();
	}

	/**
	 * Bind the condition's parameters.
	 * @param ps the statement
	 * @param first the index of the first
	 * @return the index after the last
	 * @throws SQLException on failure
	 */
	int bind(PreparedStatement ps, int first) throws SQLException {
		int index = first;
		for (Object value : this.values) {
			if (value instanceof Instant instant) {
				this.dialect.setTimestamp(ps, index, instant);
			}
			else if (value instanceof UUID id) {
				this.dialect.setId(ps, index, id);
			}
			else {
				ps.setObject(index, value);
			}
			index++;
		}
		return index;
	}

	/**
	 * Whether the query filters by a column that an index may serve: status, id, queue or
	 * handler. Said when a query gives up.
	 * @param query the query
	 * @return whether it has one
	 */
	static boolean isNarrowed(JobQuery query) {
		return !query.getStatuses().isEmpty() || !query.getIds().isEmpty() || query.getQueue() != null
				|| query.getHandler() != null;
	}

	private void equal(String column, String value) {
		if (value != null) {
			this.where.append(" AND ").append(column).append(" = ?");
			this.values.add(value);
		}
	}

	private void compare(String condition, Instant value) {
		if (value != null) {
			this.where.append(" AND ").append(condition).append(this.dialect.timestampParameter());
			this.values.add(value);
		}
	}

	private static String escape(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

}
