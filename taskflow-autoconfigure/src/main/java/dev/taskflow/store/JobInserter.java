package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;

/**
 * Inserts jobs in one batch, honouring unique keys: while a job with a key is active, a
 * new job with that key creates nothing and resolves to the active job's id.
 *
 * @author TaskFlow
 */
final class JobInserter {

	private static final String COLUMNS = "id, handler, queue, status, priority, run_at, attempt, max_attempts, payload, unique_key, created_at";

	// a key can be freed (its job finished) between the conflict and the look-up: insert
	// again
	private static final int MAX_UNIQUE_KEY_ROUNDS = 5;

	private final StoreSupport store;

	private final String insert;

	private final String insertIgnoringDuplicate;

	JobInserter(StoreSupport store) {
		this.store = store;
		SqlDialect dialect = store.dialect();
		String values = "?, ?, ?, 'PENDING', ?, COALESCE(" + dialect.timestampParameter() + ", "
				+ dialect.nowPlusMicros() + "), 0, ?, " + dialect.jsonParameter() + ", ?, " + dialect.now();
		this.insert = "INSERT INTO taskflow_job (" + COLUMNS + ") VALUES (" + values + ")";
		this.insertIgnoringDuplicate = dialect.insertIgnoringDuplicateKey(COLUMNS, values);
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
		if (jobs.size() == 1 && jobs.get(0).uniqueKey() == null) {
			// one INSERT is atomic on its own: it joins a caller's transaction, or
			// commits alone
			batchInsert(this.insert, jobs);
			return List.of(jobs.get(0).id());
		}
		return this.store.inCallerTransaction(() -> insertInTransaction(jobs));
	}

	private List<UUID> insertInTransaction(List<NewJob> jobs) {
		List<NewJob> plain = new ArrayList<>(jobs.size());
		List<NewJob> keyed = new ArrayList<>();
		for (NewJob job : jobs) {
			(job.uniqueKey() != null ? keyed : plain).add(job);
		}
		batchInsert(this.insert, plain);
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

	private void batchInsert(String sql, List<NewJob> jobs) {
		if (jobs.isEmpty()) {
			return;
		}
		SqlDialect dialect = this.store.dialect();
		this.store.jdbc().batchUpdate(sql, jobs, jobs.size(), (ps, job) -> bind(dialect, ps, job));
	}

	private void bind(SqlDialect dialect, PreparedStatement ps, NewJob job) throws SQLException {
		dialect.setId(ps, 1, job.id());
		ps.setString(2, job.handler());
		ps.setString(3, job.queue());
		ps.setInt(4, job.priority());
		dialect.setTimestamp(ps, 5, job.runAt());
		ps.setLong(6, job.delayMicros());
		ps.setInt(7, job.maxAttempts());
		if (job.payload() != null) {
			ps.setString(8, job.payload());
		}
		else {
			ps.setNull(8, Types.VARCHAR);
		}
		ps.setString(9, job.uniqueKey());
	}

}
