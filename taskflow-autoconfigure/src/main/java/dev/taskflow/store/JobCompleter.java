package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.taskflow.store.Completion.Outcome;

/**
 * Writes the outcomes of attempts in one transaction per batch. Each write is fenced: it
 * applies only while the job is still {@code RUNNING} in the same attempt, so the outcome
 * of an attempt whose job was rescued and run again is rejected. Each accepted outcome
 * also adds its attempt to the history ({@code taskflow_attempt}) in the same
 * transaction: one batched INSERT per batch, or, on PostgreSQL, within the very statement
 * that writes the outcomes; a rejected outcome adds nothing.
 *
 * @author TaskFlow
 */
final class JobCompleter {

	private static final String FENCE = " WHERE id = ? AND attempt = ? AND "
			+ StoreSupport.statusOfRowIs("status", "RUNNING");

	private final StoreSupport store;

	private static final int MAX_ROWS_PER_STATEMENT = 500;

	private final Map<Outcome, String> sqlByOutcome = new EnumMap<>(Outcome.class);

	private final String succeededWithoutResultSql;

	private final String historySql;

	private final WorkflowJoin join;

	private final WorkflowSignals signals;

	JobCompleter(StoreSupport store) {
		this(store, null, WorkflowSignals.NONE);
	}

	JobCompleter(StoreSupport store, WorkflowJoin join, WorkflowSignals signals) {
		this.store = store;
		this.join = join;
		this.signals = signals;
		SqlDialect dialect = store.dialect();
		String released = ", owner_node = NULL, lease_until = NULL";
		this.sqlByOutcome.put(Outcome.SUCCEEDED,
				"UPDATE taskflow_job SET status = 'SUCCEEDED', result = " + dialect.jsonParameter() + ", finished_at = "
						+ dialect.now() + ", unique_key = NULL" + released + FENCE);
		String succeeded = "UPDATE taskflow_job SET status = 'SUCCEEDED', finished_at = " + dialect.now()
				+ ", unique_key = NULL" + released;
		// one statement for a whole batch: the common case of a handler that returns
		// nothing
		// on PostgreSQL the same statement inserts the history rows, from the rows it
		// updated: no extra round trip, and nothing for a fenced-out outcome
		this.succeededWithoutResultSql = dialect.supportsUpdateReturning() ? "WITH done AS (" + succeeded
				+ " FROM unnest(CAST(? AS UUID[]), CAST(? AS INT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]))"
				+ " AS batch(id, attempt, node_id, logs)"
				+ " WHERE taskflow_job.id = batch.id AND taskflow_job.attempt = batch.attempt AND "
				+ StoreSupport.statusOfRowIs("taskflow_job.status", "RUNNING")
				+ " RETURNING taskflow_job.id, taskflow_job.attempt,"
				+ " taskflow_job.started_at, taskflow_job.finished_at, batch.node_id, batch.logs)," + " history AS ("
				+ dialect.insertAttempts(
						"SELECT id, attempt, node_id, started_at, finished_at, 'SUCCEEDED', NULL, logs FROM done")
				+ "), " + FinishedJobNotifications.notifyingExpression("notified", "done")
				+ " SELECT id, (SELECT COUNT(*) FROM notified) AS notifications FROM done"
				: succeeded + " WHERE " + StoreSupport.statusOfRowIs("status", "RUNNING")
						+ " AND (id, attempt) IN (%s)";
		// the job row is locked by the outcome's update: its started_at is this attempt's
		this.historySql = dialect.insertAttempts(
				"VALUES (?, ?, ?, (SELECT started_at FROM taskflow_job WHERE id = ?), " + dialect.now() + ", ?, ?, ?)");
		this.sqlByOutcome.put(Outcome.RETRY, "UPDATE taskflow_job SET status = 'PENDING', last_error = ?, run_at = "
				+ dialect.nowPlusMicros() + released + FENCE);
		this.sqlByOutcome.put(Outcome.CANCELLED,
				"UPDATE taskflow_job SET status = 'CANCELLED', last_error = ?, finished_at = " + dialect.now()
						+ ", unique_key = NULL" + released + FENCE);
		this.sqlByOutcome.put(Outcome.FAILED,
				"UPDATE taskflow_job SET status = 'FAILED', last_error = ?, finished_at = " + dialect.now()
						+ ", unique_key = NULL" + released + FENCE);
	}

	/**
	 * Write the completions.
	 * @param completions the outcomes of attempts
	 * @return the completions that were rejected because their attempt no longer owns its
	 * job
	 */
	List<Completion> complete(List<Completion> completions) {
		if (completions.isEmpty()) {
			return List.of();
		}
		Map<Outcome, List<Completion>> byOutcome = new EnumMap<>(Outcome.class);
		List<Completion> withoutResult = new ArrayList<>();
		// rows locked in one order by every writer make deadlocks rarer
		List<Completion> sorted = new ArrayList<>(completions);
		sorted.sort(Comparator.comparing(Completion::id));
		for (Completion completion : sorted) {
			if (completion.outcome() == Outcome.SUCCEEDED && completion.result() == null) {
				withoutResult.add(completion);
			}
			else {
				byOutcome.computeIfAbsent(completion.outcome(), (outcome) -> new ArrayList<>()).add(completion);
			}
		}
		boolean ofWorkflows = completions.stream().anyMatch((completion) -> completion.step() != null);
		if (byOutcome.isEmpty() && withoutResult.size() <= MAX_ROWS_PER_STATEMENT
				&& this.store.dialect().supportsUpdateReturning() && !ofWorkflows) {
			// a single statement is atomic on its own: no transaction, no extra round
			// trip
			return this.store.autoCommitted(() -> succeededWithoutResult(withoutResult));
		}
		List<FinishedWorkflow> finishedWorkflows = new ArrayList<>();
		List<Completion> rejectedCompletions = this.store.inTransaction(() -> {
			finishedWorkflows.clear();
			List<Completion> rejected = new ArrayList<>();
			List<Completion> accepted = new ArrayList<>();
			List<FinishedStepJob> steps = new ArrayList<>();
			boolean historyWritten = this.store.dialect().supportsUpdateReturning();
			for (int from = 0; from < withoutResult.size(); from += MAX_ROWS_PER_STATEMENT) {
				List<Completion> chunk = withoutResult.subList(from,
						Math.min(withoutResult.size(), from + MAX_ROWS_PER_STATEMENT));
				List<Completion> refused = succeededWithoutResult(chunk);
				rejected.addAll(refused);
				List<Completion> written = accepted(chunk, refused);
				if (!historyWritten) {
					accepted.addAll(written);
				}
				addSteps(steps, written);
			}
			// those without a result told of themselves, in their statement
			List<UUID> finished = new ArrayList<>();
			byOutcome.forEach((outcome, batch) -> {
				List<Completion> refused = write(outcome, batch);
				rejected.addAll(refused);
				List<Completion> written = accepted(batch, refused);
				accepted.addAll(written);
				if (outcome != Outcome.RETRY) {
					written.forEach((completion) -> finished.add(completion.id()));
					addSteps(steps, written);
				}
			});
			writeHistory(accepted);
			FinishedJobNotifications.send(this.store, finished);
			finishedWorkflows.addAll(this.join.finished(steps));
			return rejected;
		});
		if (ofWorkflows) {
			this.signals.workflowsChanged(finishedWorkflows);
		}
		return rejectedCompletions;
	}

	// the join follows the outcomes that finished jobs of workflow steps
	private static void addSteps(List<FinishedStepJob> steps, List<Completion> written) {
		for (Completion completion : written) {
			if (completion.step() != null && completion.outcome() != Outcome.RETRY) {
				boolean succeeded = completion.outcome() == Outcome.SUCCEEDED;
				dev.taskflow.JobStatus status = switch (completion.outcome()) {
					case SUCCEEDED -> dev.taskflow.JobStatus.SUCCEEDED;
					case CANCELLED -> dev.taskflow.JobStatus.CANCELLED;
					default -> dev.taskflow.JobStatus.FAILED;
				};
				steps.add(new FinishedStepJob(completion.id(), completion.step(), status,
						succeeded ? completion.spawned() : List.of()));
			}
		}
	}

	private static List<Completion> accepted(List<Completion> batch, List<Completion> refused) {
		if (refused.isEmpty()) {
			return batch;
		}
		Set<Completion> rejected = new HashSet<>(refused);
		return batch.stream().filter((completion) -> !rejected.contains(completion)).toList();
	}

	// one batched INSERT for the whole batch, after the updates that locked its rows
	private void writeHistory(List<Completion> accepted) {
		if (accepted.isEmpty()) {
			return;
		}
		SqlDialect dialect = this.store.dialect();
		this.store.jdbc().batchUpdate(this.historySql, accepted, accepted.size(), (ps, completion) -> {
			dialect.setId(ps, 1, completion.id());
			ps.setInt(2, completion.attempt());
			ps.setString(3, completion.nodeId());
			dialect.setId(ps, 4, completion.id());
			ps.setString(5, historyOutcome(completion.outcome()));
			ps.setString(6, completion.attemptError());
			ps.setString(7, completion.logs());
		});
	}

	private static String historyOutcome(Outcome outcome) {
		return switch (outcome) {
			case SUCCEEDED -> "SUCCEEDED";
			case RETRY -> "RETRIED";
			case FAILED -> "FAILED";
			case CANCELLED -> "CANCELLED";
		};
	}

	private List<Completion> succeededWithoutResult(List<Completion> batch) {
		if (batch.isEmpty()) {
			return List.of();
		}
		SqlDialect dialect = this.store.dialect();
		if (dialect.supportsUpdateReturning()) {
			Set<UUID> accepted = new HashSet<>(this.store.jdbc().query((connection) -> {
				PreparedStatement ps = connection.prepareStatement(this.succeededWithoutResultSql);
				ps.setArray(1, connection.createArrayOf("uuid", batch.stream().map(Completion::id).toArray()));
				ps.setArray(2, connection.createArrayOf("integer", batch.stream().map(Completion::attempt).toArray()));
				ps.setArray(3, connection.createArrayOf("text", batch.stream().map(Completion::nodeId).toArray()));
				ps.setArray(4, connection.createArrayOf("text", batch.stream().map(Completion::logs).toArray()));
				return ps;
			}, (rs, row) -> dialect.getId(rs, "id")));
			return batch.stream().filter((completion) -> !accepted.contains(completion.id())).toList();
		}
		String sql = String.format(this.succeededWithoutResultSql,
				String.join(", ", Collections.nCopies(batch.size(), "(?, ?)")));
		int updated = this.store.jdbc().update(sql, (ps) -> {
			int index = 1;
			for (Completion completion : batch) {
				dialect.setId(ps, index++, completion.id());
				ps.setInt(index++, completion.attempt());
			}
		});
		return (updated == batch.size()) ? List.of() : notSucceeded(batch);
	}

	// rare: some attempts of the batch no longer owned their job; find which
	private List<Completion> notSucceeded(List<Completion> batch) {
		SqlDialect dialect = this.store.dialect();
		Map<UUID, Integer> succeededAttempts = new HashMap<>();
		this.store.jdbc()
			.query("SELECT id, attempt FROM taskflow_job WHERE status = 'SUCCEEDED' AND id IN ("
					+ StoreSupport.placeholders(batch.size()) + ")", (ps) -> {
						int index = 1;
						for (Completion completion : batch) {
							dialect.setId(ps, index++, completion.id());
						}
					}, (rs) -> {
						succeededAttempts.put(dialect.getId(rs, "id"), rs.getInt("attempt"));
					});
		return batch.stream()
			.filter((completion) -> !Integer.valueOf(completion.attempt())
				.equals(succeededAttempts.get(completion.id())))
			.toList();
	}

	private List<Completion> write(Outcome outcome, List<Completion> batch) {
		SqlDialect dialect = this.store.dialect();
		int[][] counts = this.store.jdbc()
			.batchUpdate(this.sqlByOutcome.get(outcome), batch, batch.size(), (ps, completion) -> {
				int index = 1;
				switch (outcome) {
					case SUCCEEDED -> ps.setString(index++, completion.result());
					case RETRY -> {
						ps.setString(index++, completion.error());
						ps.setLong(index++, completion.retryDelayMicros());
					}
					case FAILED, CANCELLED -> ps.setString(index++, completion.error());
				}
				dialect.setId(ps, index++, completion.id());
				ps.setInt(index, completion.attempt());
			});
		List<Completion> rejected = new ArrayList<>();
		int[] updated = counts[0];
		for (int i = 0; i < batch.size(); i++) {
			// SUCCESS_NO_INFO (-2) when a driver rewrites the batch: treat as accepted
			if (updated[i] == 0) {
				rejected.add(batch.get(i));
			}
		}
		return rejected;
	}

	// the statements as sent, for the tests of their plans
	String succeededWithoutResultSql() {
		return this.succeededWithoutResultSql;
	}

	String outcomeSql(Outcome outcome) {
		return this.sqlByOutcome.get(outcome);
	}

}
