package dev.taskflow.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;

/**
 * Inserts jobs in one batch, honouring unique keys: while a job with a key is active, a
 * new job with that key creates nothing and resolves to the active job's id.
 *
 * @author TaskFlow
 */
final class JobInserter {

	// requested_key keeps the unique key after unique_key is cleared, for a retry
	private static final String COLUMNS = "id, handler, queue, status, priority, run_at, attempt, max_attempts, payload, unique_key, concurrency_key, trace_parent, correlation_id, created_at, requested_key";

	// a key can be freed (its job finished) between the conflict and the look-up: insert
	// again
	private static final int MAX_UNIQUE_KEY_ROUNDS = 5;

	private final StoreSupport store;

	private final String insert;

	private final String insertIgnoringDuplicate;

	// several rows per INSERT: the database parses, plans and logs one statement per
	// chunk
	private static final int ROWS_PER_INSERT = 250;

	private final String values;

	private final InsertingSessions sessions;

	private final String insertRunning;

	private final String stepsFromArrays;

	JobInserter(StoreSupport store, InsertingSessions sessions) {
		this.store = store;
		this.sessions = sessions;
		SqlDialect dialect = store.dialect();
		String values = "?, ?, ?, 'PENDING', ?, COALESCE(" + dialect.timestampParameter() + ", "
				+ dialect.nowPlusMicros() + "), 0, ?, " + dialect.jsonParameter() + ", ?, ?, ?, ?, " + dialect.now()
				+ ", ?";
		this.values = "(" + values + ")";
		this.insert = "INSERT INTO taskflow_job (" + COLUMNS + ") VALUES " + this.values;
		this.insertIgnoringDuplicate = dialect.insertIgnoringDuplicateKey("taskflow_job", "id", COLUMNS, values);
		this.stepsFromArrays = (dialect.insertFromArrays() != null) ? stepsFromArrays(dialect.insertFromArrays())
				: null;
		// what a claim sets (JobClaimer), in the insert; nothing when its queue is
		// paused,
		// read in the statement itself as a claim reads it
		// created and started at one reading of the clock: PostgreSQL's clock_timestamp()
		// moves between two calls in one statement
		String running = "?, ?, ?, 'RUNNING', ?, COALESCE(" + dialect.timestampParameter() + ", "
				+ dialect.nowPlusMicros() + "), 1, ?, " + dialect.jsonParameter()
				+ ", ?, ?, ?, ?, clock.reading, ?, ?, clock.reading, " + dialect.nowPlusMicros();
		this.insertRunning = "INSERT INTO taskflow_job (" + COLUMNS + ", owner_node, started_at, lease_until) SELECT "
				+ running + " FROM (SELECT " + dialect.now() + " AS reading) clock"
				+ " WHERE NOT EXISTS (SELECT 1 FROM taskflow_queue WHERE name = ? AND paused = TRUE)";
	}

	/**
	 * Insert a job already running under a node's lease, as its claim would leave it, and
	 * commit it, unless its queue is paused. Never in the caller's transaction: the lease
	 * counts from the insert, and must not run out before a commit.
	 * @param job the job, due now and without a unique key
	 * @param nodeId the node that runs it
	 * @param lease its lease
	 * @return whether it was inserted (not, when its queue is paused)
	 */
	boolean insertRunning(NewJob job, String nodeId, Duration lease) {
		if (job.uniqueKey() != null || job.runAt() != null || job.delayMicros() != 0) {
			throw new IllegalArgumentException("Only a job due now and without a unique key starts directly");
		}
		if (this.store.isCallerTransaction()) {
			throw new IllegalStateException("A job that starts directly is not inserted in a caller's transaction");
		}
		SqlDialect dialect = this.store.dialect();
		long leaseMicros = lease.toNanos() / 1000;
		Integer inserted = this.store.autoCommitted(() -> this.store.jdbc().update(this.insertRunning, (ps) -> {
			this.sessions.inserted(dialect.sessionId(ps.getConnection()));
			bind(dialect, ps, 0, job);
			ps.setString(PARAMETERS_PER_ROW + 1, nodeId);
			ps.setLong(PARAMETERS_PER_ROW + 2, leaseMicros);
			ps.setString(PARAMETERS_PER_ROW + 3, job.queue());
		}));
		return inserted != null && inserted == 1;
	}

	/**
	 * Insert the jobs, in the caller's transaction if there is one.
	 * @param jobs the jobs
	 * @return for each job, in order, its id or the id of the active job holding its key
	 */
	List<UUID> insert(List<NewJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		boolean allPlain = jobs.stream().allMatch((job) -> job.uniqueKey() == null);
		boolean oneStatement = jobs.size() == 1 || this.store.dialect().insertFromArrays() != null;
		if (allPlain && oneStatement) {
			// one INSERT is atomic on its own: it joins a caller's transaction, or
			// commits alone
			this.store.autoCommitted(() -> {
				multiRowInsert(jobs);
				return null;
			});
			return jobs.stream().map(NewJob::id).toList();
		}
		return this.store.inCallerTransaction(() -> insertInTransaction(jobs));
	}

	private List<UUID> insertInTransaction(List<NewJob> jobs) {
		List<NewJob> plain = new ArrayList<>(jobs.size());
		List<NewJob> keyed = new ArrayList<>();
		for (NewJob job : jobs) {
			(job.uniqueKey() != null ? keyed : plain).add(job);
		}
		multiRowInsert(plain);
		Map<String, UUID> activeByKey = keyed.isEmpty() ? Map.of() : insertKeyed(keyed);
		List<UUID> ids = new ArrayList<>(jobs.size());
		for (NewJob job : jobs) {
			ids.add(job.uniqueKey() != null ? activeByKey.get(job.uniqueKey()) : job.id());
		}
		return ids;
	}

	private Map<String, UUID> insertKeyed(List<NewJob> keyed) {
		Map<String, UUID> activeByKey = new HashMap<>();
		List<NewJob> pending = keyed;
		for (int round = 0; round < MAX_UNIQUE_KEY_ROUNDS && !pending.isEmpty(); round++) {
			insertIgnoringDuplicates(pending);
			activeByKey.putAll(findActiveIds(pending));
			pending = pending.stream().filter((job) -> !activeByKey.containsKey(job.uniqueKey())).toList();
		}
		if (!pending.isEmpty()) {
			throw new IllegalStateException("Could not enqueue jobs with unique keys "
					+ pending.stream().map(NewJob::uniqueKey).toList() + ": the keys kept changing hands");
		}
		return activeByKey;
	}

	private void insertIgnoringDuplicates(List<NewJob> jobs) {
		if (this.insertIgnoringDuplicate != null) {
			batchInsert(this.insertIgnoringDuplicate, jobs);
			return;
		}
		// H2: no conflict clause; a failed statement does not abort its transaction there
		for (NewJob job : jobs) {
			try {
				batchInsert(this.insert, List.of(job));
			}
			catch (DuplicateKeyException ex) {
				// an active job holds the key: resolved by the look-up that follows
			}
		}
	}

	private Map<String, UUID> findActiveIds(List<NewJob> jobs) {
		List<String> keys = jobs.stream().map(NewJob::uniqueKey).distinct().toList();
		String sql = "SELECT id, unique_key FROM taskflow_job WHERE unique_key IN ("
				+ StoreSupport.placeholders(keys.size()) + ")" + this.store.dialect().latestCommittedReadClause();
		Map<String, UUID> found = new HashMap<>();
		this.store.jdbc().query(sql, (rs) -> {
			found.put(rs.getString("unique_key"), this.store.dialect().getId(rs, "id"));
		}, keys.toArray());
		return found;
	}

	/**
	 * Insert the jobs of workflow steps, in the current transaction: those named blocked
	 * wait for their step's parents ({@code BLOCKED}), the others are due as usual.
	 * @param jobs the jobs, each with its step, none with a unique key
	 * @param blocked the ids of the jobs that wait
	 */
	void insertSteps(List<NewJob> jobs, Set<UUID> blocked) {
		if (this.stepsFromArrays != null && jobs.size() > 1) {
			// PostgreSQL: a fan-out of thousands is one statement, as enqueueAll is, due
			// and blocked jobs together
			this.store.jdbc().update((connection) -> {
				PreparedStatement ps = connection.prepareStatement(this.stepsFromArrays);
				bindSteps(connection, ps, 1, jobs, blocked);
				return ps;
			});
			return;
		}
		List<NewJob> waiting = new ArrayList<>();
		List<NewJob> due = new ArrayList<>();
		for (NewJob job : jobs) {
			(blocked.contains(job.id()) ? waiting : due).add(job);
		}
		insertSteps(due, this.values);
		insertSteps(waiting, this.values.replace("'PENDING'", "'BLOCKED'"));
	}

	/**
	 * The statement that inserts jobs of workflow steps from arrays, bound by
	 * {@link #bindSteps}, where the database takes arrays (PostgreSQL).
	 * @return the statement, or {@code null}
	 */
	String stepsFromArrays() {
		return this.stepsFromArrays;
	}

	/**
	 * Bind the arrays of {@link #stepsFromArrays()}.
	 * @param connection the connection the statement is prepared on
	 * @param ps the statement
	 * @param first the index of its first array parameter
	 * @param jobs the jobs, each with its step, none with a unique key
	 * @param blocked the ids of the jobs that wait for their step's parents
	 * @return the index of the parameter after the arrays
	 * @throws SQLException if the driver refuses a value
	 */
	int bindSteps(Connection connection, PreparedStatement ps, int first, List<NewJob> jobs, Set<UUID> blocked)
			throws SQLException {
		this.sessions.inserted(this.store.dialect().sessionId(connection));
		int next = bindArrays(connection, ps, first, jobs);
		ps.setArray(next++,
				connection.createArrayOf("uuid", jobs.stream().map((job) -> job.step().workflowId()).toArray()));
		ps.setArray(next++,
				connection.createArrayOf("text", jobs.stream().map((job) -> job.step().stepName()).toArray()));
		ps.setArray(next++,
				connection.createArrayOf("text", jobs.stream().map((job) -> job.step().role().name()).toArray()));
		ps.setArray(next++, connection.createArrayOf("text",
				jobs.stream().map((job) -> blocked.contains(job.id()) ? "BLOCKED" : "PENDING").toArray()));
		return next;
	}

	private void insertSteps(List<NewJob> jobs, String values) {
		if (jobs.isEmpty()) {
			return;
		}
		SqlDialect dialect = this.store.dialect();
		String row = values.substring(0, values.length() - 1) + ", ?, ?, ?)";
		for (int from = 0; from < jobs.size(); from += ROWS_PER_INSERT) {
			List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + ROWS_PER_INSERT));
			String sql = "INSERT INTO taskflow_job (" + COLUMNS + ", workflow_id, step_name, step_role) VALUES "
					+ String.join(", ", Collections.nCopies(chunk.size(), row));
			this.store.jdbc().update(sql, (ps) -> {
				this.sessions.inserted(dialect.sessionId(ps.getConnection()));
				int offset = 0;
				for (NewJob job : chunk) {
					bind(dialect, ps, offset, job);
					dialect.setId(ps, offset + PARAMETERS_PER_ROW + 1, job.step().workflowId());
					ps.setString(offset + PARAMETERS_PER_ROW + 2, job.step().stepName());
					ps.setString(offset + PARAMETERS_PER_ROW + 3, job.step().role().name());
					offset += PARAMETERS_PER_ROW + 3;
				}
			});
		}
	}

	private void multiRowInsert(List<NewJob> jobs) {
		SqlDialect dialect = this.store.dialect();
		String fromArrays = dialect.insertFromArrays();
		if (fromArrays != null && jobs.size() > 1) {
			insertFromArrays(fromArrays, jobs);
			return;
		}
		for (int from = 0; from < jobs.size(); from += ROWS_PER_INSERT) {
			List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + ROWS_PER_INSERT));
			// one job (every single enqueue): the statement built once, so the driver's
			// statement cache does not hash a new string of it at every call
			String sql = (chunk.size() == 1) ? this.insert : "INSERT INTO taskflow_job (" + COLUMNS + ") VALUES "
					+ String.join(", ", Collections.nCopies(chunk.size(), this.values));
			this.store.jdbc().update(sql, (ps) -> {
				this.sessions.inserted(dialect.sessionId(ps.getConnection()));
				int offset = 0;
				for (NewJob job : chunk) {
					bind(dialect, ps, offset, job);
					offset += PARAMETERS_PER_ROW;
				}
			});
		}
	}

	// the insert from arrays, with the step and the status of each job
	private static String stepsFromArrays(String sql) {
		String steps = replaceOnce(sql, "created_at, requested_key)",
				"created_at, requested_key, workflow_id, step_name, step_role)");
		steps = replaceOnce(steps, "'PENDING'", "j.status");
		steps = replaceOnce(steps, "j.unique_key FROM unnest(",
				"j.unique_key, j.workflow_id, j.step_name, j.step_role FROM unnest(");
		steps = replaceOnce(steps, "CAST(? AS TEXT[])) AS j(",
				"CAST(? AS TEXT[]), CAST(? AS UUID[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS j(");
		return replaceOnce(steps, "correlation_id)", "correlation_id, workflow_id, step_name, step_role, status)");
	}

	private static String replaceOnce(String text, String what, String with) {
		int at = text.lastIndexOf(what);
		if (at < 0 || text.indexOf(what) != at) {
			throw new IllegalStateException("Unexpected insert statement: " + text);
		}
		return text.substring(0, at) + with + text.substring(at + what.length());
	}

	// PostgreSQL: the whole batch is one statement with twelve array parameters
	private void insertFromArrays(String sql, List<NewJob> jobs) {
		this.store.jdbc().update((connection) -> {
			this.sessions.inserted(this.store.dialect().sessionId(connection));
			PreparedStatement ps = connection.prepareStatement(sql);
			bindArrays(connection, ps, 1, jobs);
			return ps;
		});
	}

	private static int bindArrays(Connection connection, PreparedStatement ps, int first, List<NewJob> jobs)
			throws SQLException {
		int size = jobs.size();
		Object[] ids = new Object[size];
		Object[] handlers = new Object[size];
		Object[] queues = new Object[size];
		Object[] priorities = new Object[size];
		Object[] runAts = new Object[size];
		Object[] delays = new Object[size];
		Object[] maxAttempts = new Object[size];
		Object[] payloads = new Object[size];
		Object[] uniqueKeys = new Object[size];
		Object[] concurrencyKeys = new Object[size];
		Object[] traceParents = new Object[size];
		Object[] correlationIds = new Object[size];
		for (int i = 0; i < size; i++) {
			NewJob job = jobs.get(i);
			ids[i] = job.id();
			handlers[i] = job.handler();
			queues[i] = job.queue();
			priorities[i] = job.priority();
			runAts[i] = (job.runAt() != null) ? epochMicros(job.runAt()) : null;
			delays[i] = job.delayMicros();
			maxAttempts[i] = job.maxAttempts();
			payloads[i] = job.payload();
			uniqueKeys[i] = job.uniqueKey();
			concurrencyKeys[i] = job.concurrencyKey();
			traceParents[i] = job.traceParent();
			correlationIds[i] = job.correlationId();
		}
		ps.setArray(first, connection.createArrayOf("uuid", ids));
		ps.setArray(first + 1, connection.createArrayOf("text", handlers));
		ps.setArray(first + 2, connection.createArrayOf("text", queues));
		ps.setArray(first + 3, connection.createArrayOf("integer", priorities));
		ps.setArray(first + 4, connection.createArrayOf("bigint", emptyIfAllNull(runAts)));
		ps.setArray(first + 5, connection.createArrayOf("bigint", delays));
		ps.setArray(first + 6, connection.createArrayOf("integer", maxAttempts));
		ps.setArray(first + 7, connection.createArrayOf("text", emptyIfAllNull(payloads)));
		ps.setArray(first + 8, connection.createArrayOf("text", emptyIfAllNull(uniqueKeys)));
		ps.setArray(first + 9, connection.createArrayOf("text", emptyIfAllNull(concurrencyKeys)));
		ps.setArray(first + 10, connection.createArrayOf("text", emptyIfAllNull(traceParents)));
		ps.setArray(first + 11, connection.createArrayOf("text", emptyIfAllNull(correlationIds)));
		return first + 12;
	}

	// unnest of several arrays pads the shorter ones with NULL: a column without a value
	// in
	// the whole batch is sent as an empty array, not as the text of a thousand NULLs,
	// which
	// the driver builds character by character (a third of the caller's CPU in
	// enqueue_batch, async-profiler)
	private static Object[] emptyIfAllNull(Object[] values) {
		for (Object value : values) {
			if (value != null) {
				return values;
			}
		}
		return new Object[0];
	}

	// not ChronoUnit.MICROS.between: it counts nanoseconds on the way, which overflow
	// after the year 2262, well before the latest due time a request allows
	private static long epochMicros(Instant instant) {
		return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1000;
	}

	private void batchInsert(String sql, List<NewJob> jobs) {
		if (jobs.isEmpty()) {
			return;
		}
		SqlDialect dialect = this.store.dialect();
		this.store.jdbc().batchUpdate(sql, jobs, jobs.size(), (ps, job) -> {
			this.sessions.inserted(dialect.sessionId(ps.getConnection()));
			bind(dialect, ps, 0, job);
		});
	}

	private static final int PARAMETERS_PER_ROW = 13;

	private void bind(SqlDialect dialect, PreparedStatement ps, int offset, NewJob job) throws SQLException {
		dialect.setId(ps, offset + 1, job.id());
		ps.setString(offset + 2, job.handler());
		ps.setString(offset + 3, job.queue());
		ps.setInt(offset + 4, job.priority());
		dialect.setTimestamp(ps, offset + 5, job.runAt());
		ps.setLong(offset + 6, job.delayMicros());
		ps.setInt(offset + 7, job.maxAttempts());
		if (job.payload() != null) {
			ps.setString(offset + 8, job.payload());
		}
		else {
			ps.setNull(offset + 8, Types.VARCHAR);
		}
		ps.setString(offset + 9, job.uniqueKey());
		ps.setString(offset + 10, job.concurrencyKey());
		ps.setString(offset + 11, job.traceParent());
		ps.setString(offset + 12, job.correlationId());
		ps.setString(offset + 13, job.uniqueKey());
	}

}
