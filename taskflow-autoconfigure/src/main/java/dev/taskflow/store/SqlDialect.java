package dev.taskflow.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;

import org.springframework.boot.jdbc.DatabaseDriver;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * What differs between the databases TaskFlow supports: the database's clock, how ids,
 * timestamps and JSON are bound and read, and whether an UPDATE can return rows.
 * <p>
 * Every time that decides a lease or a due time is taken from the database's clock
 * ({@link #now()}), never the node's, so a node with a skewed clock changes nothing.
 *
 * @author TaskFlow
 */
public abstract class SqlDialect {

	/**
	 * Detect the dialect of the given data source.
	 * @param dataSource the data source
	 * @return its dialect
	 * @throws UnsupportedDatabaseException if TaskFlow does not support the database
	 */
	public static SqlDialect of(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("TaskFlow could not read the database product name: " + ex.getMessage(),
					ex);
		}
		return forProductName(product);
	}

	/**
	 * Returned by {@link #sessionId(Connection)} where the database's session id is not
	 * known.
	 */
	static final int UNKNOWN_SESSION = 0;

	static SqlDialect forProductName(String product) {
		return switch (DatabaseDriver.fromProductName(product)) {
			case POSTGRESQL -> new PostgresDialect();
			case MARIADB, MYSQL -> new MariaDbDialect();
			case H2 -> new H2Dialect();
			default -> throw new UnsupportedDatabaseException(product);
		};
	}

	/**
	 * The dialect's name, for logs.
	 * @return the name
	 */
	public abstract String name();

	/**
	 * Name of the table of the test clock ({@link #useTestClock()}).
	 */
	public static final String TEST_CLOCK_TABLE = "taskflow_test_clock";

	// every "now" of the store reads the test clock's table instead of the database's
	// clock (dev.taskflow.test)
	private boolean testClock;

	/**
	 * Read every "now" of the store (due times, claims, leases, retries, rescues) from
	 * the test clock's table, {@value #TEST_CLOCK_TABLE}, instead of the database's
	 * clock: for {@code dev.taskflow.test}, which creates that table and moves its clock.
	 * Call before the store is built on this dialect: statements are written once.
	 * @return this dialect
	 * @see TestClockTable
	 */
	public SqlDialect useTestClock() {
		this.testClock = true;
		return this;
	}

	/**
	 * Whether this dialect reads the test clock's table for "now".
	 * @return {@code true} after {@link #useTestClock()}
	 */
	boolean usesTestClock() {
		return this.testClock;
	}

	/**
	 * SQL for the current time: the database's, or the test clock's.
	 * @return the SQL expression
	 */
	final String now() {
		return this.testClock ? testClockNow() : databaseNow();
	}

	// a frozen instant moved by hand, or the database's clock plus an offset
	private String testClockNow() {
		return "(SELECT " + addMicros("offset_micros", "COALESCE(fixed_at, " + databaseNow() + ")") + " FROM "
				+ TEST_CLOCK_TABLE + ")";
	}

	/**
	 * SQL for the database's own current time.
	 * @return the SQL expression
	 */
	abstract String databaseNow();

	/**
	 * SQL that adds microseconds to an instant.
	 * @param micros SQL for the microseconds (a column or a parameter)
	 * @param instant SQL for the instant
	 * @return the SQL expression
	 */
	abstract String addMicros(String micros, String instant);

	/**
	 * The type of the store's timestamp columns, for the test clock's table.
	 * @return the SQL type
	 */
	abstract String timestampType();

	/**
	 * The database's time now, read in a statement of its own: after the locks taken
	 * before it, not when its transaction began.
	 * @param jdbc the template, in the caller's transaction
	 * @return the time
	 */
	Instant currentTime(JdbcTemplate jdbc) {
		return queryCurrentTime(jdbc);
	}

	final Instant queryCurrentTime(JdbcTemplate jdbc) {
		return jdbc.query("SELECT " + now() + " AS db_now", (rs, row) -> getTimestamp(rs, "db_now")).get(0);
	}

	/**
	 * SQL for the database's current time plus a bound number of microseconds.
	 * @return the SQL expression with one parameter
	 */
	final String nowPlusMicros() {
		return addMicros("?", now());
	}

	/**
	 * Whether the database's clock is this JVM's wall clock (an embedded database), so
	 * that a due time can be compared with {@link java.time.Instant#now()}.
	 * @return {@code true} for H2
	 */
	public boolean sharesThisJvmsClock() {
		return false;
	}

	/**
	 * Whether due times can be compared with {@link java.time.Instant#now()}: the
	 * database shares this JVM's clock and no test clock stands in for it.
	 * @return {@code true} for H2 without a test clock
	 */
	public final boolean dueTimesFollowThisJvmsClock() {
		return sharesThisJvmsClock() && !this.testClock;
	}

	/**
	 * Whether the database can wake listening nodes when jobs are inserted
	 * ({@code LISTEN/NOTIFY}).
	 * @return {@code true} on PostgreSQL
	 */
	public boolean supportsNotifications() {
		return false;
	}

	/**
	 * Whether the JSON column refuses the escaped NUL character ({@code \u0000}), as
	 * PostgreSQL's {@code jsonb} does.
	 * @return {@code true} on PostgreSQL
	 */
	boolean refusesNulInJson() {
		return false;
	}

	/**
	 * A query for the largest statement, in bytes, the server accepts, where a larger one
	 * is refused (and its connection closed).
	 * @return the query, or {@code null} where no such limit is known
	 */
	String maxStatementBytesQuery() {
		return null;
	}

	/**
	 * SQL that reads a bound JSON text into the JSON column type.
	 * @return the SQL expression with one parameter
	 */
	String jsonParameter() {
		return "?";
	}

	/**
	 * SQL for a nullable bound timestamp parameter.
	 * @return the SQL expression with one parameter
	 */
	String timestampParameter() {
		return "?";
	}

	/**
	 * Tell the nodes that jobs became due by an update (the released steps of a
	 * workflow), as an insert tells them: PostgreSQL notifies them when the transaction
	 * commits; elsewhere they find the jobs at their next poll.
	 * @param jdbc the template of the transaction
	 */
	void notifyReleased(JdbcTemplate jdbc) {
	}

	/**
	 * The clause that locks the rows a SELECT reads.
	 * @return the clause, with a leading space
	 */
	String forUpdate() {
		return " FOR UPDATE";
	}

	/**
	 * Whether one UPDATE can claim rows and return them.
	 * @return {@code true} if claims can use {@code UPDATE ... RETURNING}
	 */
	boolean supportsUpdateReturning() {
		return false;
	}

	/**
	 * The INSERT of a row that creates nothing when it would break a unique key (an
	 * active job holding the same unique key, a fire time that has its job, a schedule
	 * name taken).
	 * @param table the table
	 * @param key a column of the table, to name in a no-op update where the database
	 * needs one
	 * @param columns the column list
	 * @param values the values list
	 * @return the SQL statement, or {@code null} if the database has no such statement
	 */
	abstract String insertIgnoringDuplicateKey(String table, String key, String columns, String values);

	/**
	 * The INSERT of attempts into the history that leaves an attempt already there as it
	 * is: an outcome written again after a commit whose reply was lost must not fail on
	 * the history's primary key (and with it every outcome of its batch).
	 * @param rows the rows: a {@code VALUES} list or a {@code SELECT} of the history's
	 * columns
	 * @return the SQL statement
	 */
	String insertAttempts(String rows) {
		return "INSERT INTO taskflow_attempt (" + AttemptHistory.COLUMNS + ") " + rows + " ON CONFLICT DO NOTHING";
	}

	/**
	 * One INSERT of many jobs from arrays, or {@code null} where the database has no
	 * arrays. Parameters: ids, handlers, queues, priorities, due times as microseconds
	 * since the epoch (null for "after the delay"), delays in microseconds, attempt
	 * limits, payloads, unique keys, concurrency keys, trace parents and correlation ids.
	 * @return the SQL statement, or {@code null}
	 */
	String insertFromArrays() {
		return null;
	}

	/**
	 * The clause that makes a read see the latest committed rows whatever the isolation
	 * level, appended to a SELECT.
	 * @return the clause, or an empty string
	 */
	String latestCommittedReadClause() {
		return "";
	}

	/**
	 * SQL that tells whether a text column (or the JSON payload) contains a bound
	 * pattern, ignoring case: the pattern is a {@code LIKE} pattern in lower case with
	 * {@code !} as its escape character.
	 * @param column the column
	 * @return the SQL condition with one parameter
	 */
	String containsIgnoringCase(String column) {
		// LOWER on both sides: binary collations (the exact names on MariaDB) and H2
		// compare case-sensitively
		return "LOWER(" + column + ") LIKE ? ESCAPE '!'";
	}

	/**
	 * The clause that limits a SELECT to a bound number of rows.
	 * @return the clause with one parameter
	 */
	String limitParameter() {
		return " LIMIT ?";
	}

	/**
	 * Whether the listing indexes hold pending and running jobs: everywhere but on
	 * PostgreSQL, whose listing indexes are partial (see the changelog).
	 * @return whether they do
	 */
	boolean listingIndexesHoldActiveJobs() {
		return true;
	}

	/**
	 * A statement for the name of every queue that holds jobs that probes the index by
	 * queue once per queue, or {@code null} where the caller is to probe, a statement per
	 * queue: a DISTINCT reads every entry of the index on PostgreSQL and on MariaDB
	 * (whose skip scan does not take an index with descending columns).
	 * @return the SQL, with a column {@code queue}, or {@code null}
	 */
	String distinctQueues() {
		return null;
	}

	/**
	 * A statement for the first queue after the given one, for the caller's probes: an
	 * index look-up that reads one entry.
	 * @return the SQL, with one parameter (the queue before) and a column {@code queue},
	 * no row or a {@code NULL} after the last
	 */
	String nextQueue() {
		return "SELECT MIN(queue) AS queue FROM taskflow_job WHERE queue > ?";
	}

	/**
	 * What follows the table's name to make a statement read the given index: nothing but
	 * on H2, whose planner picks an index by its conditions alone, so that for a status
	 * it may pick the claim or lease index and sort every job of that status.
	 * @param index the index
	 * @return the hint, with a leading space, or an empty string
	 */
	String indexHint(String index) {
		return "";
	}

	/**
	 * Whether a listing filtered by a column (a queue, a handler, a status) names that
	 * column first in its ORDER BY, where its index starts: H2 sees only then that the
	 * index gives the order. Not on MariaDB, where a filter compared under the
	 * connection's collation (utf8mb4_general_ci, say) rather than the column's binary
	 * one does not make the column a constant, so that it sorted every job of the queue.
	 * @return whether to order by the filtered column first
	 */
	boolean ordersListingsByFilteredColumn() {
		return true;
	}

	void setId(PreparedStatement ps, int index, UUID id) throws SQLException {
		ps.setObject(index, id);
	}

	/**
	 * Ids as the values of a named parameter, bound as {@link #setId} binds one.
	 * @param ids the ids
	 * @return the values
	 */
	List<Object> ids(Collection<UUID> ids) {
		return List.copyOf(ids);
	}

	UUID getId(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, UUID.class);
	}

	void setTimestamp(PreparedStatement ps, int index, Instant instant) throws SQLException {
		if (instant == null) {
			ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
		}
		else {
			ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
		}
	}

	Instant getTimestamp(ResultSet rs, String column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	/**
	 * The database's id of the connection's session, as notifications name their sender.
	 * @param connection the connection
	 * @return the id, or {@link #UNKNOWN_SESSION}
	 */
	int sessionId(Connection connection) {
		return UNKNOWN_SESSION;
	}

	static final class PostgresDialect extends SqlDialect {

		@Override
		void notifyReleased(JdbcTemplate jdbc) {
			jdbc.query("SELECT pg_notify('taskflow_job_enqueued', '')", (rs) -> {
			});
		}

		@Override
		public String name() {
			return "PostgreSQL";
		}

		@Override
		String databaseNow() {
			// clock_timestamp(), not now(): now() is frozen at the start of a transaction
			return "clock_timestamp()";
		}

		@Override
		String addMicros(String micros, String instant) {
			return "(" + instant + " + CAST(" + micros + " AS BIGINT) * INTERVAL '1 microsecond')";
		}

		@Override
		String timestampType() {
			return "TIMESTAMP WITH TIME ZONE";
		}

		@Override
		String jsonParameter() {
			return "CAST(? AS JSONB)";
		}

		@Override
		boolean refusesNulInJson() {
			return true;
		}

		@Override
		String timestampParameter() {
			return "CAST(? AS TIMESTAMPTZ)";
		}

		@Override
		String containsIgnoringCase(String column) {
			// the payload is JSONB: searched as its text
			return "CAST(" + column + " AS TEXT) ILIKE ? ESCAPE '!'";
		}

		@Override
		boolean supportsUpdateReturning() {
			return true;
		}

		@Override
		public boolean supportsNotifications() {
			return true;
		}

		@Override
		boolean listingIndexesHoldActiveJobs() {
			return false;
		}

		@Override
		String distinctQueues() {
			// PostgreSQL reads every entry of an index for a DISTINCT: a probe per queue
			// instead, in the listing index by queue, which holds the finished jobs (a
			// queue with active jobs only is named by them)
			return """
					WITH RECURSIVE names (queue) AS (
					SELECT MIN(queue) FROM taskflow_job WHERE finished_at IS NOT NULL
					UNION ALL
					SELECT (SELECT MIN(later.queue) FROM taskflow_job later
					WHERE later.queue > names.queue AND later.finished_at IS NOT NULL)
					FROM names WHERE names.queue IS NOT NULL)
					SELECT queue FROM names WHERE queue IS NOT NULL""";
		}

		@Override
		int sessionId(Connection connection) {
			try {
				return connection.isWrapperFor(PGConnection.class)
						? connection.unwrap(PGConnection.class).getBackendPID() : UNKNOWN_SESSION;
			}
			catch (SQLException | LinkageError ex) {
				// another driver than pgjdbc: the node wakes twice, which costs a claim
				return UNKNOWN_SESSION;
			}
		}

		@Override
		String insertFromArrays() {
			return "INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts,"
					+ " payload, unique_key, concurrency_key, trace_parent, correlation_id, created_at, requested_key)"
					+ " SELECT j.id, j.handler,"
					+ " j.queue, 'PENDING', j.priority, COALESCE(TIMESTAMPTZ 'epoch' + j.run_at * INTERVAL '1 microsecond',"
					+ " clock_timestamp() + j.delay * INTERVAL '1 microsecond'), 0, j.max_attempts,"
					+ " CAST(j.payload AS JSONB), j.unique_key, j.concurrency_key, j.trace_parent, j.correlation_id,"
					+ " clock_timestamp(), j.unique_key FROM unnest(CAST(? AS UUID[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),"
					+ " CAST(? AS INT[]), CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), CAST(? AS INT[]), CAST(? AS TEXT[]),"
					+ " CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS j(id, handler, queue,"
					+ " priority, run_at, delay, max_attempts, payload, unique_key, concurrency_key, trace_parent,"
					+ " correlation_id)";
		}

		@Override
		String insertIgnoringDuplicateKey(String table, String key, String columns, String values) {
			return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING";
		}

	}

	static final class MariaDbDialect extends SqlDialect {

		@Override
		boolean ordersListingsByFilteredColumn() {
			return false;
		}

		@Override
		public String name() {
			return "MariaDB/MySQL";
		}

		@Override
		String databaseNow() {
			return "UTC_TIMESTAMP(6)";
		}

		@Override
		String addMicros(String micros, String instant) {
			return "TIMESTAMPADD(MICROSECOND, " + micros + ", " + instant + ")";
		}

		@Override
		String timestampType() {
			return "DATETIME(6)";
		}

		@Override
		String maxStatementBytesQuery() {
			return "SELECT @@max_allowed_packet";
		}

		@Override
		String insertAttempts(String rows) {
			return "INSERT INTO taskflow_attempt (" + AttemptHistory.COLUMNS + ") " + rows
					+ " ON DUPLICATE KEY UPDATE job_id = job_id";
		}

		@Override
		String insertIgnoringDuplicateKey(String table, String key, String columns, String values) {
			// not INSERT IGNORE: that would also turn truncation and other errors into
			// warnings
			return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON DUPLICATE KEY UPDATE " + key
					+ " = " + key;
		}

		@Override
		String latestCommittedReadClause() {
			// InnoDB's default REPEATABLE READ would otherwise hide a row committed after
			// our snapshot
			return " LOCK IN SHARE MODE";
		}

		@Override
		void setId(PreparedStatement ps, int index, UUID id) throws SQLException {
			ps.setString(index, id.toString());
		}

		@Override
		List<Object> ids(Collection<UUID> ids) {
			return ids.stream().map((id) -> (Object) id.toString()).toList();
		}

		@Override
		UUID getId(ResultSet rs, String column) throws SQLException {
			String value = rs.getString(column);
			return (value != null) ? UUID.fromString(value) : null;
		}

		@Override
		void setTimestamp(PreparedStatement ps, int index, Instant instant) throws SQLException {
			if (instant == null) {
				ps.setNull(index, Types.TIMESTAMP);
			}
			else {
				ps.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
			}
		}

		@Override
		Instant getTimestamp(ResultSet rs, String column) throws SQLException {
			LocalDateTime value = rs.getObject(column, LocalDateTime.class);
			return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
		}

	}

	static final class H2Dialect extends SqlDialect {

		@Override
		public String name() {
			return "H2";
		}

		@Override
		String databaseNow() {
			return "CURRENT_TIMESTAMP(6)";
		}

		@Override
		String addMicros(String micros, String instant) {
			return "DATEADD(MICROSECOND, " + micros + ", " + instant + ")";
		}

		@Override
		String timestampType() {
			return "TIMESTAMP(6) WITH TIME ZONE";
		}

		@Override
		public boolean sharesThisJvmsClock() {
			// H2 runs in this JVM (tests, a single node)
			return true;
		}

		@Override
		String timestampParameter() {
			return "CAST(? AS TIMESTAMP(6) WITH TIME ZONE)";
		}

		@Override
		String indexHint(String index) {
			return " USE INDEX (" + index + ")";
		}

		@Override
		String nextQueue() {
			// H2 reads a MIN from the index only without a condition, and walks the
			// entries of the queue before for a '>': it seeks to the least name after it
			// (a queue name has no control character)
			return "SELECT queue FROM taskflow_job WHERE queue >= CONCAT(?, CHR(0)) ORDER BY queue"
					+ " FETCH FIRST 1 ROW ONLY";
		}

		@Override
		Instant currentTime(JdbcTemplate jdbc) {
			if (usesTestClock()) {
				return queryCurrentTime(jdbc);
			}
			// H2's CURRENT_TIMESTAMP stands still for a whole transaction, so a claim
			// that
			// waited for a lock would read the time it began; H2 runs in this JVM (tests,
			// a single node), so this JVM's clock is the database's
			return Instant.now();
		}

		@Override
		String insertAttempts(String rows) {
			// H2 has no conflict clause: its MERGE overwrites a row of the same key
			return "MERGE INTO taskflow_attempt (" + AttemptHistory.COLUMNS + ") KEY (job_id, attempt) " + rows;
		}

		@Override
		String insertIgnoringDuplicateKey(String table, String key, String columns, String values) {
			// H2 has no conflict clause: duplicates are caught one job at a time
			return null;
		}

	}

}
