package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;

/**
 * The purge of finished jobs: deletes the jobs of one final status that finished before a
 * cutoff, or moves them to {@code taskflow_job_archive} (their attempts, with their
 * captured logs, to {@code taskflow_attempt_archive}), one bounded batch at a time. Each
 * batch is a transaction of its own that locks only its rows, so a purge of millions of
 * rows never holds a long lock on the job table.
 * <p>
 * A batch's candidates are read in {@code (finished_at, id)} order from the index on
 * {@code (status, finished_at, id)}, after the last candidate of the batch before: rows a
 * rule leaves alone (those of another handler or queue) are read once per purge, not once
 * per batch.
 *
 * @author TaskFlow
 */
public final class JobRetention {

	/**
	 * The most jobs one batch may remove: the ids are bound one by one, and a batch holds
	 * its locks until it commits.
	 */
	public static final int MAX_BATCH_SIZE = 10_000;

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	// what a job was and how it ended; the engine's bookkeeping of a running job (lease,
	// unique key while active, confirmed attempt) stays behind
	private static final String ARCHIVED_COLUMNS = "id, handler, queue, status, priority, run_at, attempt,"
			+ " max_attempts, payload, result, last_error, requested_key, concurrency_key, owner_node, created_at,"
			+ " started_at, finished_at, trace_parent, correlation_id, schedule_name, fire_time";

	// the cutoff, the rule's filters with where the batch before ended, and the limit
	private static final String CANDIDATES = """
			SELECT id, finished_at FROM taskflow_job WHERE status = ? AND finished_at < %s AND workflow_id IS NULL%s
			ORDER BY finished_at, id%s""";

	// the status and the cutoff are read again: a job retried since it was chosen stays;
	// its attempts go with it (foreign key ON DELETE CASCADE)
	private static final String DELETE = """
			DELETE FROM taskflow_job WHERE status = ? AND finished_at < %s AND workflow_id IS NULL AND id IN (%s)""";

	// locked for the batch's transaction: a retry that comes meanwhile waits, then finds
	// the job gone; one that came before leaves it unlocked, and so not archived
	private static final String LOCK = """
			SELECT id FROM taskflow_job WHERE status = ? AND finished_at < %s AND workflow_id IS NULL AND id IN (%s)
			FOR UPDATE""";

	private static final String ARCHIVE_JOBS = "INSERT INTO taskflow_job_archive (" + ARCHIVED_COLUMNS
			+ ", archived_at) SELECT " + ARCHIVED_COLUMNS + ", %s FROM taskflow_job WHERE id IN (:ids)";

	private static final String ARCHIVE_ATTEMPTS = "INSERT INTO taskflow_attempt_archive (" + AttemptHistory.COLUMNS
			+ ") SELECT " + AttemptHistory.COLUMNS + " FROM taskflow_attempt WHERE job_id IN (:ids)";

	private static final String DELETE_LOCKED = "DELETE FROM taskflow_job WHERE id IN (:ids)";

	private final StoreSupport store;

	JobRetention(StoreSupport store) {
		this.store = store;
	}

	/**
	 * The database's time now, from which a purge's cutoffs are counted (the time the
	 * jobs' {@code finished_at} was written by).
	 * @return the time
	 */
	public Instant databaseNow() {
		return this.store.dialect().currentTime(this.store.jdbc());
	}

	/**
	 * Remove the jobs a rule admits, batch by batch: delete them with their attempts, or
	 * move them with their attempts to the archive tables, each batch in a transaction of
	 * its own. Stops after the batch in progress when the thread is interrupted (and
	 * leaves it interrupted).
	 * @param rule the jobs to remove
	 * @param batchSize the most jobs one batch removes, from 1 to {@link #MAX_BATCH_SIZE}
	 * @param archive whether to move the jobs to the archive tables rather than delete
	 * them
	 * @param listener told of each batch once it is committed
	 * @return what was removed
	 */
	public Removal removeAll(Rule rule, int batchSize, boolean archive, IntConsumer listener) {
		Assert.notNull(rule, "'rule' must not be null");
		Assert.isTrue(batchSize >= 1 && batchSize <= MAX_BATCH_SIZE,
				() -> "'batchSize' must be between 1 and " + MAX_BATCH_SIZE + ", was " + batchSize);
		int removed = 0;
		int batches = 0;
		Position after = null;
		while (!Thread.currentThread().isInterrupted()) {
			List<Position> candidates = candidates(rule, after, batchSize);
			if (candidates.isEmpty()) {
				break;
			}
			List<UUID> ids = candidates.stream().map(Position::id).toList();
			int batch = archive ? archive(rule, ids) : delete(rule, ids);
			listener.accept(batch);
			removed += batch;
			batches++;
			if (candidates.size() < batchSize) {
				break;
			}
			after = candidates.get(candidates.size() - 1);
		}
		return new Removal(removed, batches);
	}

	private List<Position> candidates(Rule rule, Position after, int limit) {
		SqlDialect dialect = this.store.dialect();
		Filter filter = new Filter(rule, after, dialect);
		String select = CANDIDATES.formatted(dialect.timestampParameter(), filter.sql(), dialect.limitParameter());
		return this.store.jdbc().query(select, (ps) -> {
			int next = filter.bind(ps);
			ps.setInt(next, limit);
		}, (rs, row) -> new Position(dialect.getTimestamp(rs, "finished_at"), dialect.getId(rs, "id")));
	}

	private int delete(Rule rule, List<UUID> ids) {
		String delete = DELETE.formatted(this.store.dialect().timestampParameter(),
				StoreSupport.placeholders(ids.size()));
		return this.store.autoCommitted(() -> this.store.jdbc().update(delete, (ps) -> {
			int next = bindStatusAndCutoff(ps, rule);
			bindIds(ps, next, ids);
		}));
	}

	private int archive(Rule rule, List<UUID> candidates) {
		SqlDialect dialect = this.store.dialect();
		String lock = LOCK.formatted(dialect.timestampParameter(), StoreSupport.placeholders(candidates.size()));
		return this.store.inTransaction(() -> {
			List<UUID> ids = this.store.jdbc().query(lock, (ps) -> {
				int next = bindStatusAndCutoff(ps, rule);
				bindIds(ps, next, candidates);
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (ids.isEmpty()) {
				return 0;
			}
			List<Object> locked = dialect.ids(ids);
			this.store.client().sql(ARCHIVE_JOBS.formatted(dialect.now())).param("ids", locked).update();
			this.store.client().sql(ARCHIVE_ATTEMPTS).param("ids", locked).update();
			return this.store.client().sql(DELETE_LOCKED).param("ids", locked).update();
		});
	}

	/**
	 * Remove whole workflows that reached a final status before a cutoff: their steps'
	 * jobs (each of which the per-job rules leave alone), with their attempts, deleted or
	 * archived together with the workflow's own rows, one bounded batch of workflows per
	 * transaction.
	 * @param status a final workflow status ({@code SUCCEEDED}, {@code FAILED},
	 * {@code COMPENSATED} or {@code CANCELLED})
	 * @param finishedBefore the cutoff
	 * @param batchSize the most workflows one batch removes
	 * @param archive whether to move the jobs to the archive tables rather than delete
	 * them
	 * @param listener told of the jobs of each batch once it is committed
	 * @return the jobs removed, and the batches
	 */
	public Removal removeWorkflows(String status, Instant finishedBefore, int batchSize, boolean archive,
			IntConsumer listener) {
		SqlDialect dialect = this.store.dialect();
		String select = "SELECT id FROM taskflow_workflow WHERE status = ? AND finished_at < "
				+ dialect.timestampParameter() + " ORDER BY finished_at, id" + dialect.limitParameter();
		int removed = 0;
		int batches = 0;
		while (!Thread.currentThread().isInterrupted()) {
			List<UUID> candidates = this.store.jdbc().query(select, (ps) -> {
				ps.setString(1, status);
				dialect.setTimestamp(ps, 2, finishedBefore);
				ps.setInt(3, Math.min(batchSize, 500));
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (candidates.isEmpty()) {
				break;
			}
			int jobs = this.store.inTransaction(() -> removeWorkflows(candidates, status, finishedBefore, archive));
			listener.accept(jobs);
			removed += jobs;
			batches++;
			if (candidates.size() < Math.min(batchSize, 500)) {
				break;
			}
		}
		return new Removal(removed, batches);
	}

	// the status and cutoff read again under lock: a workflow retried meanwhile stays
	private int removeWorkflows(List<UUID> candidates, String status, Instant finishedBefore, boolean archive) {
		SqlDialect dialect = this.store.dialect();
		List<UUID> ids = this.store.jdbc()
			.query("SELECT id FROM taskflow_workflow WHERE status = ? AND finished_at < " + dialect.timestampParameter()
					+ " AND id IN (" + StoreSupport.placeholders(candidates.size()) + ") FOR UPDATE", (ps) -> {
						ps.setString(1, status);
						dialect.setTimestamp(ps, 2, finishedBefore);
						bindIds(ps, 3, candidates);
					}, (rs, row) -> dialect.getId(rs, "id"));
		if (ids.isEmpty()) {
			return 0;
		}
		List<Object> workflows = dialect.ids(ids);
		List<UUID> jobIds = this.store.client()
			.sql("SELECT id FROM taskflow_job WHERE workflow_id IN (:ids)")
			.param("ids", workflows)
			.query((rs, row) -> dialect.getId(rs, "id"))
			.list();
		int jobs = 0;
		for (List<UUID> chunk : WorkflowJoin.chunks(jobIds)) {
			List<Object> locked = dialect.ids(chunk);
			if (archive) {
				this.store.client().sql(ARCHIVE_JOBS.formatted(dialect.now())).param("ids", locked).update();
				this.store.client().sql(ARCHIVE_ATTEMPTS).param("ids", locked).update();
			}
			jobs += this.store.client().sql(DELETE_LOCKED).param("ids", locked).update();
		}
		this.store.client()
			.sql("DELETE FROM taskflow_step_edge WHERE workflow_id IN (:ids)")
			.param("ids", workflows)
			.update();
		this.store.client()
			.sql("DELETE FROM taskflow_step WHERE workflow_id IN (:ids)")
			.param("ids", workflows)
			.update();
		this.store.client().sql("DELETE FROM taskflow_workflow WHERE id IN (:ids)").param("ids", workflows).update();
		return jobs;
	}

	private int bindStatusAndCutoff(PreparedStatement ps, Rule rule) throws SQLException {
		ps.setString(1, rule.status().name());
		this.store.dialect().setTimestamp(ps, 2, rule.finishedBefore());
		return 3;
	}

	private void bindIds(PreparedStatement ps, int first, Collection<UUID> ids) throws SQLException {
		int index = first;
		for (UUID id : ids) {
			this.store.dialect().setId(ps, index++, id);
		}
	}

	/**
	 * The jobs one pass of a purge removes: those of one final status that finished
	 * before a cutoff, of one handler, of one queue (but not of the given handlers), or
	 * of neither the given queues nor the given handlers.
	 *
	 * @param status a final status
	 * @param finishedBefore the cutoff
	 * @param handler only jobs of this handler, or {@code null}
	 * @param queue only jobs of this queue, or {@code null}
	 * @param exceptHandlers no job of these handlers
	 * @param exceptQueues no job of these queues
	 */
	public record Rule(JobStatus status, Instant finishedBefore, String handler, String queue,
			Set<String> exceptHandlers, Set<String> exceptQueues) {

		/**
		 * Check the rule.
		 */
		public Rule {
			Assert.isTrue(status != null && FINISHED.contains(status),
					() -> "Only finished jobs can be purged, not " + status + " ones: pick from " + FINISHED);
			Assert.notNull(finishedBefore, "'finishedBefore' must not be null");
			exceptHandlers = (exceptHandlers != null) ? Set.copyOf(exceptHandlers) : Set.of();
			exceptQueues = (exceptQueues != null) ? Set.copyOf(exceptQueues) : Set.of();
		}

		/**
		 * The jobs of one status that finished before a cutoff, whatever their handler
		 * and queue.
		 * @param status a final status
		 * @param finishedBefore the cutoff
		 * @return the rule
		 */
		public static Rule of(JobStatus status, Instant finishedBefore) {
			return new Rule(status, finishedBefore, null, null, Set.of(), Set.of());
		}

	}

	/**
	 * What a removal did.
	 *
	 * @param jobs the jobs it deleted or archived (fewer than its candidates when some
	 * were retried meanwhile)
	 * @param batches the batches it took, each a transaction of its own
	 */
	public record Removal(int jobs, int batches) {

	}

	// where a batch ended: the last candidate it read, in (finished_at, id) order
	private record Position(Instant finishedAt, UUID id) {

	}

	// the rule's filters beyond status and cutoff, and the position to go on from
	private static final class Filter {

		private final Rule rule;

		private final Position after;

		private final List<String> exceptHandlers;

		private final List<String> exceptQueues;

		private final SqlDialect dialect;

		Filter(Rule rule, Position after, SqlDialect dialect) {
			this.rule = rule;
			this.after = after;
			this.dialect = dialect;
			this.exceptHandlers = List.copyOf(rule.exceptHandlers());
			this.exceptQueues = List.copyOf(rule.exceptQueues());
		}

		String sql() {
			StringBuilder sql = new StringBuilder();
			if (this.rule.handler() != null) {
				sql.append(" AND handler = ?");
			}
			if (this.rule.queue() != null) {
				sql.append(" AND queue = ?");
			}
			if (!this.exceptHandlers.isEmpty()) {
				sql.append(" AND handler NOT IN (")
					.append(StoreSupport.placeholders(this.exceptHandlers.size()))
					.append(')');
			}
			if (!this.exceptQueues.isEmpty()) {
				sql.append(" AND queue NOT IN (")
					.append(StoreSupport.placeholders(this.exceptQueues.size()))
					.append(')');
			}
			if (this.after != null) {
				// the index range starts at the bound; the OR only sifts its first rows
				String at = this.dialect.timestampParameter();
				sql.append(" AND finished_at >= ")
					.append(at)
					.append(" AND (finished_at > ")
					.append(at)
					.append(" OR id > ?)");
			}
			return sql.toString();
		}

		int bind(PreparedStatement ps) throws SQLException {
			SqlDialect dialect = this.dialect;
			ps.setString(1, this.rule.status().name());
			dialect.setTimestamp(ps, 2, this.rule.finishedBefore());
			int index = 3;
			if (this.rule.handler() != null) {
				ps.setString(index++, this.rule.handler());
			}
			if (this.rule.queue() != null) {
				ps.setString(index++, this.rule.queue());
			}
			for (String handler : this.exceptHandlers) {
				ps.setString(index++, handler);
			}
			for (String queue : this.exceptQueues) {
				ps.setString(index++, queue);
			}
			if (this.after != null) {
				dialect.setTimestamp(ps, index++, this.after.finishedAt());
				dialect.setTimestamp(ps, index++, this.after.finishedAt());
				dialect.setId(ps, index++, this.after.id());
			}
			return index;
		}

	}

}
