package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;

import org.springframework.util.Assert;

import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.UniqueKeyConflictException;

/**
 * Bulk operations on the jobs a query matches, in batches: each batch selects at most
 * {@link #BATCH_SIZE} jobs in the order of their ids (so two bulk operations lock rows in
 * one order) and changes them in one statement that checks their status again, so a job
 * that changed status meanwhile (claimed by a node, retried, finished) is left alone.
 *
 * @author TaskFlow
 */
public final class JobBulk {

	/**
	 * The most jobs one statement changes (and locks).
	 */
	public static final int BATCH_SIZE = 500;

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	private static final String EVENT_COLUMNS = "id, handler, queue, priority, attempt, requested_key";

	// locked, so that a claim that runs meanwhile waits for this batch, or this batch for
	// it (then the job is RUNNING and no longer matches)
	private static final String CANDIDATES = "SELECT " + EVENT_COLUMNS
			+ " FROM taskflow_job WHERE %s ORDER BY id %s FOR UPDATE";

	private static final String CANCEL = """
			UPDATE taskflow_job SET status = 'CANCELLED', finished_at = %s, unique_key = NULL
			WHERE %s AND id IN (:ids)""";

	// as JobRecords' single retry, for jobs without a unique key (which cannot conflict)
	private static final String RETRY = """
			UPDATE taskflow_job SET status = 'PENDING', max_attempts = attempt + :budget, run_at = %s,
			finished_at = NULL, result = NULL WHERE status IN ('FAILED', 'CANCELLED') AND requested_key IS NULL
			AND workflow_id IS NULL AND id IN (:ids)""";

	// the status read again, as for a cancel: a job a node claimed meanwhile runs on in
	// the queue it was claimed from
	private static final String MOVE = "UPDATE taskflow_job SET queue = :queue WHERE %s AND id IN (:ids)";

	private static final String QUEUE_BY_IDS = "SELECT id FROM taskflow_job WHERE queue = :queue AND id IN (:ids)";

	private static final String DELETE_CANDIDATES = "SELECT id FROM taskflow_job WHERE %s ORDER BY id %s";

	// the query's filters are read again: a job retried (pending again) since it was
	// chosen stays; its attempts go with it (foreign key ON DELETE CASCADE)
	private static final String DELETE = "DELETE FROM taskflow_job WHERE %s AND id IN (%s)";

	private static final String STATUS_BY_IDS = "SELECT id FROM taskflow_job WHERE status = :status AND id IN (:ids)";

	private final StoreSupport store;

	private final JobRecords records;

	JobBulk(StoreSupport store, JobRecords records) {
		this.store = store;
		this.records = records;
	}

	/**
	 * Cancel the {@code PENDING} jobs that match.
	 * @param query the query
	 * @param batch told of each batch once it is done, in its transaction
	 * @return the number cancelled
	 */
	public int cancelAll(JobQuery query, Batch batch) {
		if (!query.admits(JobStatus.PENDING)) {
			return 0;
		}
		SqlDialect dialect = this.store.dialect();
		String cancel = CANCEL.formatted(dialect.now(), StoreSupport.statusOfRowIs("status", "PENDING"));
		return walk(query, EnumSet.of(JobStatus.PENDING), (candidates) -> {
			List<UUID> ids = candidates.stream().map(JobChange::id).toList();
			int updated = this.store.client().sql(cancel).param("ids", dialect.ids(ids)).update();
			List<JobChange> cancelled = (updated == ids.size()) ? candidates : changed(candidates, JobStatus.CANCELLED);
			FinishedJobNotifications.send(this.store, cancelled.stream().map(JobChange::id).toList());
			this.records.cancelled(cancelled.stream().map(JobChange::id).toList());
			return cancelled;
		}, batch);
	}

	/**
	 * Make the {@code FAILED} and {@code CANCELLED} jobs that match pending again, each
	 * with a fresh budget of attempts. A job whose unique key another active job holds
	 * stays as it is.
	 * @param query the query
	 * @param attempts the attempts a job of a handler gets from now on
	 * @param batch told of each batch once it is done, in its transaction
	 * @return the number retried
	 */
	public int retryAll(JobQuery query, ToIntFunction<String> attempts, Batch batch) {
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		for (JobStatus status : List.of(JobStatus.FAILED, JobStatus.CANCELLED)) {
			if (query.admits(status)) {
				statuses.add(status);
			}
		}
		if (statuses.isEmpty()) {
			return 0;
		}
		SqlDialect dialect = this.store.dialect();
		String retry = RETRY.formatted(dialect.now());
		return walk(query, statuses, (candidates) -> {
			List<JobChange> retried = new ArrayList<>();
			Map<String, List<JobChange>> byHandler = new LinkedHashMap<>();
			for (JobChange candidate : candidates) {
				if (candidate.requestedKey() != null) {
					// one at a time, in a savepoint: another active job may hold its key
					try {
						if (this.records.retry(candidate.id(), attempts.applyAsInt(candidate.handler()))) {
							retried.add(candidate);
						}
					}
					catch (UniqueKeyConflictException ex) {
						// left as it is, as the single retry leaves it
					}
				}
				else {
					byHandler.computeIfAbsent(candidate.handler(), (name) -> new ArrayList<>()).add(candidate);
				}
			}
			byHandler.forEach((handler, jobs) -> {
				List<UUID> ids = jobs.stream().map(JobChange::id).toList();
				int budget = attempts.applyAsInt(handler);
				int updated = this.store.client()
					.sql(retry)
					.param("budget", budget)
					.param("ids", dialect.ids(ids))
					.update();
				retried.addAll((updated == ids.size()) ? jobs : changed(jobs, JobStatus.PENDING));
			});
			return retried;
		}, batch);
	}

	/**
	 * Move the {@code PENDING} jobs that match to another queue. Jobs in that queue
	 * already are left as they are, and not counted. On PostgreSQL every listening node
	 * is told when a batch that moved jobs commits, as it is of an enqueue.
	 * @param query the query
	 * @param toQueue the queue to move them to
	 * @param batch told of each batch once it is done, in its transaction, with the jobs
	 * it moved as they were before
	 * @return the number moved
	 */
	public int move(JobQuery query, String toQueue, Batch batch) {
		if (!query.admits(JobStatus.PENDING)) {
			return 0;
		}
		SqlDialect dialect = this.store.dialect();
		String move = MOVE.formatted(StoreSupport.statusOfRowIs("status", "PENDING"));
		return walk(query, EnumSet.of(JobStatus.PENDING), (candidates) -> {
			List<JobChange> elsewhere = candidates.stream()
				.filter((candidate) -> !candidate.queue().equals(toQueue))
				.toList();
			if (elsewhere.isEmpty()) {
				return elsewhere;
			}
			List<UUID> ids = elsewhere.stream().map(JobChange::id).toList();
			int updated = this.store.client().sql(move).param("queue", toQueue).param("ids", dialect.ids(ids)).update();
			List<JobChange> moved = (updated == ids.size()) ? elsewhere : movedTo(elsewhere, toQueue);
			if (!moved.isEmpty()) {
				// an update, which the insert trigger does not see: wake the nodes as
				// a released workflow step does
				dialect.notifyReleased(this.store.jdbc());
			}
			return moved;
		}, batch);
	}

	/**
	 * Delete the finished jobs that match, with their attempts.
	 * @param query the query, which must admit only final statuses
	 * @return the number deleted
	 * @throws IllegalArgumentException if the query admits an active status
	 */
	public int deleteAll(JobQuery query) {
		Assert.isTrue(!query.admits(JobStatus.PENDING) && !query.admits(JobStatus.RUNNING),
				() -> "Only finished jobs can be deleted, but " + query + " admits PENDING or RUNNING ones: add"
						+ " .status(...) with some of " + FINISHED + ", or .finishedBefore(...)");
		SqlDialect dialect = this.store.dialect();
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		FINISHED.stream().filter(query::admits).forEach(statuses::add);
		int deleted = 0;
		UUID last = null;
		while (true) {
			JobFilterSql filter = new JobFilterSql(dialect, query, statuses).afterId(last);
			String select = DELETE_CANDIDATES.formatted(filter.where(), dialect.limitParameter());
			List<UUID> ids = this.store.jdbc().query(select, (ps) -> {
				int next = filter.bind(ps, 1);
				ps.setInt(next, BATCH_SIZE);
			}, (rs, row) -> dialect.getId(rs, "id"));
			if (ids.isEmpty()) {
				return deleted;
			}
			JobFilterSql again = new JobFilterSql(dialect, query, statuses);
			// in a statement of its own: no long transaction holds locks on a large table
			deleted += this.store.autoCommitted(() -> this.store.jdbc()
				.update(DELETE.formatted(again.where(), StoreSupport.placeholders(ids.size())), (ps) -> {
					int next = again.bind(ps, 1);
					bindIds(ps, next, ids);
				}));
			if (ids.size() < BATCH_SIZE) {
				return deleted;
			}
			last = ids.get(ids.size() - 1);
		}
	}

	// batch by batch, each in a transaction (the caller's, when there is one), until a
	// batch comes back short
	private int walk(JobQuery query, Set<JobStatus> statuses, Change change, Batch batch) {
		SqlDialect dialect = this.store.dialect();
		int changed = 0;
		UUID last = null;
		while (true) {
			JobFilterSql filter = new JobFilterSql(dialect, query, statuses).afterId(last);
			String select = CANDIDATES.formatted(filter.where(), dialect.limitParameter());
			Round round = this.store.inCallerTransaction(() -> {
				List<JobChange> candidates = this.store.jdbc().query(select, (ps) -> {
					int next = filter.bind(ps, 1);
					ps.setInt(next, BATCH_SIZE);
				}, (rs, row) -> new JobChange(dialect.getId(rs, "id"), rs.getString("handler"), rs.getString("queue"),
						rs.getInt("priority"), rs.getInt("attempt"), rs.getString("requested_key")));
				if (candidates.isEmpty()) {
					return new Round(candidates, List.of());
				}
				List<JobChange> done = change.apply(candidates);
				batch.done(done);
				return new Round(candidates, done);
			});
			changed += round.done().size();
			if (round.candidates().size() < BATCH_SIZE) {
				return changed;
			}
			last = round.candidates().get(round.candidates().size() - 1).id();
		}
	}

	// the statement changed fewer jobs than were locked (a database that did not read
	// the status again under the lock): read which ones it did change
	private List<JobChange> changed(List<JobChange> candidates, JobStatus status) {
		List<UUID> ids = candidates.stream().map(JobChange::id).toList();
		Set<UUID> now = new HashSet<>(this.store.client()
			.sql(STATUS_BY_IDS)
			.param("status", status.name())
			.param("ids", this.store.dialect().ids(ids))
			.query((rs, row) -> this.store.dialect().getId(rs, "id"))
			.list());
		return candidates.stream().filter((candidate) -> now.contains(candidate.id())).toList();
	}

	// by queue, not status: a job left alone because it was running may be pending
	// again by now (a retry scheduled), in its old queue
	private List<JobChange> movedTo(List<JobChange> candidates, String queue) {
		List<UUID> ids = candidates.stream().map(JobChange::id).toList();
		Set<UUID> now = new HashSet<>(this.store.client()
			.sql(QUEUE_BY_IDS)
			.param("queue", queue)
			.param("ids", this.store.dialect().ids(ids))
			.query((rs, row) -> this.store.dialect().getId(rs, "id"))
			.list());
		return candidates.stream().filter((candidate) -> now.contains(candidate.id())).toList();
	}

	private void bindIds(PreparedStatement ps, int first, Collection<UUID> ids) throws SQLException {
		int index = first;
		for (UUID id : ids) {
			this.store.dialect().setId(ps, index++, id);
		}
	}

	/**
	 * A job a bulk operation changed, with what its events tell.
	 *
	 * @param id the job id
	 * @param handler its handler
	 * @param queue its queue
	 * @param priority its priority
	 * @param attempt its attempts made
	 * @param requestedKey the unique key it was enqueued with, or {@code null}
	 */
	public record JobChange(UUID id, String handler, String queue, int priority, int attempt, String requestedKey) {

	}

	/**
	 * Told of each batch of a bulk operation, in its transaction.
	 */
	@FunctionalInterface
	public interface Batch {

		/**
		 * A batch is done.
		 * @param changed the jobs it changed
		 */
		void done(List<JobChange> changed);

	}

	@FunctionalInterface
	private interface Change {

		List<JobChange> apply(List<JobChange> candidates);

	}

	private record Round(List<JobChange> candidates, List<JobChange> done) {

	}

}
