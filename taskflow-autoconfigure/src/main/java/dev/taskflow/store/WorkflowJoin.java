package dev.taskflow.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobStatus;
import dev.taskflow.store.JobStep.Role;

/**
 * The join of workflows: what follows when jobs of workflow steps finish, written in the
 * transaction that stores their outcomes. Each finished job decrements its step's count
 * of unfinished jobs; a step that reaches zero is final, decrements its children's counts
 * of unfinished parents and its workflow's count of unfinished steps, and releases the
 * children that reach zero ({@code BLOCKED} to {@code PENDING}). Counts are changed by
 * conditional updates of single rows, so two nodes finishing the last two parents of a
 * step cannot both, or neither, release it; an outcome fenced out (a zombie's) never gets
 * here. The cost is a few statements per batch of outcomes and per step that finishes,
 * never a scan of the workflow: only a failure (cancelling what depends on the step) and
 * compensation read the workflow's whole graph.
 *
 * @author TaskFlow
 */
final class WorkflowJoin {

	// OR-ed conditions per statement: far below any database's parameter limit
	private static final int KEYS_PER_STATEMENT = 200;

	private final StoreSupport store;

	private final JobInserter inserter;

	WorkflowJoin(StoreSupport store, JobInserter inserter) {
		this.store = store;
		this.inserter = inserter;
	}

	/**
	 * Apply what follows from finished jobs of workflow steps, in the current
	 * transaction.
	 * @param jobs the jobs, each with its step and final status
	 * @return the workflows that reached a final status
	 */
	List<FinishedWorkflow> finished(List<FinishedStepJob> jobs) {
		if (jobs.isEmpty()) {
			return List.of();
		}
		Pass pass = new Pass();
		List<NewJob> spawned = new ArrayList<>();
		for (FinishedStepJob job : jobs) {
			pass.jobFinished(job.step(), job.status());
			if (!job.spawned().isEmpty()) {
				spawned.addAll(job.spawned());
				pass.delta(key(job.step())).spawned(job.spawned().size());
			}
		}
		if (!spawned.isEmpty()) {
			this.inserter.insertSteps(spawned, Set.of());
		}
		pass.run();
		return pass.finishWorkflows();
	}

	/**
	 * Apply what follows from steps that are final as soon as they are released or
	 * stored: groups of no jobs.
	 * @param workflowId the workflow
	 * @param steps the steps, {@code ACTIVE} with no job
	 * @return the workflows that reached a final status
	 */
	List<FinishedWorkflow> emptyStepsReleased(UUID workflowId, Collection<String> steps) {
		if (steps.isEmpty()) {
			return List.of();
		}
		Pass pass = new Pass();
		steps.forEach((step) -> pass.delta(new StepKey(workflowId, step)));
		pass.run();
		return pass.finishWorkflows();
	}

	/**
	 * Cancel the blocked and pending steps of a running workflow, which ends
	 * {@code CANCELLED} once its running steps have finished.
	 * @param workflowId the workflow
	 * @param reason the error the cancelled jobs keep
	 * @return the workflows that reached a final status (this one, when nothing of it
	 * ran)
	 */
	List<FinishedWorkflow> cancel(UUID workflowId, String reason) {
		Pass pass = new Pass();
		pass.cancelWaiting(workflowId, reason);
		pass.run();
		return pass.finishWorkflows();
	}

	static StepKey key(JobStep step) {
		return new StepKey(step.workflowId(), step.stepName());
	}

	/**
	 * One application of the join: steps are finished round by round (a released group of
	 * no jobs, or jobs cancelled by a compensation, finish more), and each workflow's
	 * counts are written once at the end.
	 */
	private final class Pass {

		private Map<StepKey, Delta> deltas = new LinkedHashMap<>();

		private final Deque<CompensationDone> compensationsDone = new ArrayDeque<>();

		private final Map<UUID, int[]> workflowDeltas = new LinkedHashMap<>();

		private final Map<UUID, WorkflowRow> workflows = new HashMap<>();

		private final Map<UUID, Graph> graphs = new HashMap<>();

		void jobFinished(JobStep step, JobStatus status) {
			if (step.role() == Role.COMPENSATION) {
				this.compensationsDone.add(new CompensationDone(key(step), status != JobStatus.SUCCEEDED, true));
				return;
			}
			Delta delta = delta(key(step));
			delta.unfinished--;
			if (status == JobStatus.FAILED) {
				delta.failed++;
			}
			else if (status == JobStatus.CANCELLED) {
				delta.cancelled++;
			}
		}

		Delta delta(StepKey key) {
			return this.deltas.computeIfAbsent(key, (k) -> new Delta());
		}

		void run() {
			while (!this.deltas.isEmpty() || !this.compensationsDone.isEmpty()) {
				Map<StepKey, Delta> round = this.deltas;
				this.deltas = new LinkedHashMap<>();
				if (!round.isEmpty()) {
					List<StepRow> completed = applyDeltas(round);
					finishSteps(completed);
				}
				if (!this.compensationsDone.isEmpty()) {
					compensationsFinished();
				}
			}
		}

		private List<StepRow> applyDeltas(Map<StepKey, Delta> round) {
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			List<Map.Entry<StepKey, Delta>> changed = round.entrySet()
				.stream()
				.filter((entry) -> !entry.getValue().isZero())
				.toList();
			if (!changed.isEmpty()) {
				WorkflowJoin.this.store.jdbc()
					.batchUpdate(
							"UPDATE taskflow_step SET unfinished_jobs = unfinished_jobs + ?,"
									+ " failed_jobs = failed_jobs + ?, cancelled_jobs = cancelled_jobs + ?,"
									+ " spawned_jobs = spawned_jobs + ? WHERE workflow_id = ? AND name = ?",
							changed, changed.size(), (ps, entry) -> {
								Delta delta = entry.getValue();
								ps.setInt(1, delta.unfinished + delta.spawned);
								ps.setInt(2, delta.failed);
								ps.setInt(3, delta.cancelled);
								ps.setInt(4, delta.spawned);
								dialect.setId(ps, 5, entry.getKey().workflowId());
								ps.setString(6, entry.getKey().name());
							});
			}
			// the rows are locked by this transaction's updates (or are steps it
			// released):
			// the counts read are final for it
			List<StepRow> completed = new ArrayList<>();
			for (List<StepKey> chunk : chunks(round.keySet())) {
				completed.addAll(WorkflowJoin.this.store.jdbc()
					.query("SELECT workflow_id, name, failed_jobs, cancelled_jobs, failure_policy FROM taskflow_step"
							+ " WHERE (" + stepKeys("workflow_id", "name",
									chunk.size())
							+ ") AND unfinished_jobs = 0 AND status = 'ACTIVE'", (ps) -> bindKeys(ps, 1, chunk),
							(rs, row) -> new StepRow(
									new StepKey(dialect.getId(rs, "workflow_id"), rs.getString("name")),
									rs.getInt("failed_jobs"), rs.getInt("cancelled_jobs"),
									rs.getString("failure_policy"))));
			}
			return completed;
		}

		private void finishSteps(List<StepRow> completed) {
			if (completed.isEmpty()) {
				return;
			}
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			WorkflowJoin.this.store.jdbc()
				.batchUpdate(
						"UPDATE taskflow_step SET status = ?, finished_at = " + dialect.now()
								+ " WHERE workflow_id = ? AND name = ? AND status = 'ACTIVE'",
						completed, completed.size(), (ps, step) -> {
							ps.setString(1, step.status().name());
							dialect.setId(ps, 2, step.key().workflowId());
							ps.setString(3, step.key().name());
						});
			List<StepKey> release = new ArrayList<>();
			for (StepRow step : completed) {
				boolean failed = step.status() != JobStatus.SUCCEEDED;
				workflowDelta(step.key().workflowId(), 1, failed ? 1 : 0);
				if (!failed) {
					release.add(step.key());
					continue;
				}
				WorkflowRow workflow = workflow(step.key().workflowId());
				FailurePolicy policy = (step.failurePolicy() != null) ? FailurePolicy.valueOf(step.failurePolicy())
						: workflow.failurePolicy();
				if (workflow.cancelRequested() || !workflow.status().equals("RUNNING")) {
					// cancelled or compensating: nothing waits any more
					continue;
				}
				switch (policy) {
					case CONTINUE -> release.add(step.key());
					case CANCEL_DOWNSTREAM -> cancelDescendants(step);
					case COMPENSATE -> compensate(workflow, step);
				}
			}
			releaseChildren(release);
		}

		private void releaseChildren(List<StepKey> parents) {
			if (parents.isEmpty()) {
				return;
			}
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			// every statement finds its rows by primary key: the children of the finished
			// steps, then each child's count (an UPDATE over a subquery scanned the
			// workflow's steps on MariaDB)
			Map<StepKey, Integer> finishedParents = new LinkedHashMap<>();
			for (List<StepKey> chunk : chunks(parents)) {
				WorkflowJoin.this.store.jdbc()
					.query("SELECT workflow_id, child FROM taskflow_step_edge WHERE ("
							+ stepKeys("workflow_id", "parent", chunk.size()) + ")", (ps) -> bindKeys(ps, 1, chunk),
							(rs) -> {
								finishedParents.merge(
										new StepKey(dialect.getId(rs, "workflow_id"), rs.getString("child")), 1,
										Integer::sum);
							});
			}
			if (finishedParents.isEmpty()) {
				return;
			}
			List<StepKey> children = List.copyOf(finishedParents.keySet());
			WorkflowJoin.this.store.jdbc()
				.batchUpdate("UPDATE taskflow_step SET waiting_parents = waiting_parents - ? WHERE workflow_id = ?"
						+ " AND name = ? AND status = 'BLOCKED'", children, children.size(), (ps, child) -> {
							ps.setInt(1, finishedParents.get(child));
							dialect.setId(ps, 2, child.workflowId());
							ps.setString(3, child.name());
						});
			Map<StepKey, Integer> released = new LinkedHashMap<>();
			for (List<StepKey> chunk : chunks(children)) {
				WorkflowJoin.this.store.jdbc()
					.query("SELECT workflow_id, name, unfinished_jobs FROM taskflow_step WHERE ("
							+ stepKeys("workflow_id", "name", chunk.size())
							+ ") AND status = 'BLOCKED' AND waiting_parents = 0", (ps) -> bindKeys(ps, 1, chunk),
							(rs) -> {
								released.put(new StepKey(dialect.getId(rs, "workflow_id"), rs.getString("name")),
										rs.getInt("unfinished_jobs"));
							});
			}
			if (released.isEmpty()) {
				return;
			}
			List<StepKey> steps = List.copyOf(released.keySet());
			for (List<StepKey> chunk : chunks(steps)) {
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_step SET status = 'ACTIVE' WHERE ("
							+ stepKeys("workflow_id", "name", chunk.size()) + ") AND status = 'BLOCKED'",
							(ps) -> bindKeys(ps, 1, chunk));
				// a step due later than its release keeps its due time
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_job SET status = 'PENDING', run_at = CASE WHEN run_at > " + dialect.now()
							+ " THEN run_at ELSE " + dialect.now() + " END WHERE ("
							+ stepKeys("workflow_id", "step_name", chunk.size()) + ") AND status = 'BLOCKED'",
							(ps) -> bindKeys(ps, 1, chunk));
			}
			WorkflowJoin.this.store.dialect().notifyReleased(WorkflowJoin.this.store.jdbc());
			// a group of no jobs is final as soon as it is released
			released.forEach((step, unfinished) -> {
				if (unfinished == 0) {
					delta(step);
				}
			});
		}

		private void cancelDescendants(StepRow failed) {
			UUID workflowId = failed.key().workflowId();
			Graph graph = graph(workflowId);
			Set<String> descendants = graph.descendants(failed.key().name());
			cancelSteps(workflowId, descendants, "Cancelled: step '" + failed.key().name() + "' it depends on "
					+ ((failed.status() == JobStatus.FAILED) ? "failed" : "was cancelled"));
		}

		// steps still BLOCKED among the named: cancelled with their jobs
		private void cancelSteps(UUID workflowId, Collection<String> names, String reason) {
			if (names.isEmpty()) {
				return;
			}
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			List<String> blocked = new ArrayList<>();
			for (List<String> chunk : chunks(names)) {
				blocked.addAll(WorkflowJoin.this.store.jdbc()
					.query("SELECT name FROM taskflow_step WHERE workflow_id = ? AND status = 'BLOCKED' AND name IN ("
							+ StoreSupport.placeholders(chunk.size()) + ")" + dialect.forUpdate(), (ps) -> {
								dialect.setId(ps, 1, workflowId);
								bindNames(ps, 2, chunk);
							}, (rs, row) -> rs.getString("name")));
			}
			if (blocked.isEmpty()) {
				return;
			}
			for (List<String> chunk : chunks(blocked)) {
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_step SET status = 'CANCELLED', cancelled_jobs = cancelled_jobs"
							+ " + unfinished_jobs, unfinished_jobs = 0, finished_at = " + dialect.now()
							+ " WHERE workflow_id = ? AND status = 'BLOCKED' AND name IN ("
							+ StoreSupport.placeholders(chunk.size()) + ")", (ps) -> {
								dialect.setId(ps, 1, workflowId);
								bindNames(ps, 2, chunk);
							});
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_job SET status = 'CANCELLED', finished_at = " + dialect.now()
							+ ", last_error = ? WHERE workflow_id = ? AND status = 'BLOCKED' AND step_name IN ("
							+ StoreSupport.placeholders(chunk.size()) + ")", (ps) -> {
								ps.setString(1, StorableText.of(reason, Completion.MAX_ERROR_LENGTH));
								dialect.setId(ps, 2, workflowId);
								bindNames(ps, 3, chunk);
							});
			}
			workflowDelta(workflowId, blocked.size(), blocked.size());
		}

		// nothing new starts: blocked steps are cancelled, pending jobs too (which may
		// finish their steps); running ones finish, and then the compensations run
		private void compensate(WorkflowRow workflow, StepRow failed) {
			int updated = WorkflowJoin.this.store.jdbc()
				.update("UPDATE taskflow_workflow SET status = 'COMPENSATING' WHERE id = ? AND status = 'RUNNING'",
						(ps) -> WorkflowJoin.this.store.dialect().setId(ps, 1, workflow.id()));
			if (updated == 0) {
				return;
			}
			this.workflows.put(workflow.id(), workflow.withStatus("COMPENSATING"));
			cancelWaiting(workflow.id(), "Cancelled: step '" + failed.key().name()
					+ "' failed and the workflow compensates what its steps did");
		}

		void cancelWaiting(UUID workflowId, String reason) {
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			List<String> blocked = WorkflowJoin.this.store.jdbc()
				.query("SELECT name FROM taskflow_step WHERE workflow_id = ? AND status = 'BLOCKED'",
						(ps) -> dialect.setId(ps, 1, workflowId), (rs, row) -> rs.getString("name"));
			cancelSteps(workflowId, blocked, reason);
			// pending jobs of released steps: each cancelled one finishes as a job does
			List<PendingJob> pending = WorkflowJoin.this.store.jdbc()
				.query("SELECT id, step_name, step_role FROM taskflow_job WHERE workflow_id = ? AND status = 'PENDING'",
						(ps) -> dialect.setId(ps, 1, workflowId), (rs, row) -> new PendingJob(dialect.getId(rs, "id"),
								rs.getString("step_name"), Role.valueOf(rs.getString("step_role"))));
			if (pending.isEmpty()) {
				return;
			}
			int[][] counts = WorkflowJoin.this.store.jdbc()
				.batchUpdate(
						"UPDATE taskflow_job SET status = 'CANCELLED', finished_at = " + dialect.now()
								+ ", unique_key = NULL, last_error = ? WHERE id = ? AND "
								+ StoreSupport.statusOfRowIs("status", "PENDING"),
						pending, pending.size(), (ps, job) -> {
							ps.setString(1, StorableText.of(reason, Completion.MAX_ERROR_LENGTH));
							dialect.setId(ps, 2, job.id());
						});
			for (int i = 0; i < pending.size(); i++) {
				if (counts[0][i] != 0) {
					PendingJob job = pending.get(i);
					jobFinished(new JobStep(workflowId, job.stepName(), job.role()), JobStatus.CANCELLED);
				}
			}
		}

		private void compensationsFinished() {
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			while (!this.compensationsDone.isEmpty()) {
				List<CompensationDone> done = new ArrayList<>(this.compensationsDone);
				this.compensationsDone.clear();
				for (CompensationDone compensation : done) {
					if (compensation.ranJob()) {
						workflowDelta(compensation.step().workflowId(), 1, compensation.failed() ? 1 : 0);
					}
				}
				WorkflowJoin.this.store.jdbc()
					.batchUpdate("UPDATE taskflow_step SET comp_status = 'DONE' WHERE workflow_id = ? AND name = ?",
							done, done.size(), (ps, compensation) -> {
								dialect.setId(ps, 1, compensation.step().workflowId());
								ps.setString(2, compensation.step().name());
							});
				WorkflowJoin.this.store.jdbc()
					.batchUpdate(
							"UPDATE taskflow_step SET comp_waiting = comp_waiting - 1 WHERE workflow_id = ?"
									+ " AND comp_status IN ('WAITING', 'PASSING') AND name IN (SELECT parent FROM"
									+ " taskflow_step_edge WHERE workflow_id = ? AND child = ?)",
							done, done.size(), (ps, compensation) -> {
								dialect.setId(ps, 1, compensation.step().workflowId());
								dialect.setId(ps, 2, compensation.step().workflowId());
								ps.setString(3, compensation.step().name());
							});
				List<StepKey> children = done.stream().map(CompensationDone::step).toList();
				Map<StepKey, String> ready = new LinkedHashMap<>();
				for (List<StepKey> chunk : chunks(children)) {
					WorkflowJoin.this.store.jdbc()
						.query("SELECT DISTINCT s.workflow_id, s.name, s.comp_status FROM taskflow_step s"
								+ " JOIN taskflow_step_edge e ON e.workflow_id = s.workflow_id AND e.parent = s.name"
								+ " WHERE (" + stepKeys("e.workflow_id", "e.child", chunk.size())
								+ ") AND s.comp_status IN ('WAITING', 'PASSING') AND s.comp_waiting = 0",
								(ps) -> bindKeys(ps, 1, chunk), (rs) -> {
									ready.put(new StepKey(dialect.getId(rs, "workflow_id"), rs.getString("name")),
											rs.getString("comp_status"));
								});
				}
				List<StepKey> released = new ArrayList<>();
				ready.forEach((step, status) -> {
					if (status.equals("WAITING")) {
						released.add(step);
					}
					else {
						// no compensation of its own: done as soon as its children's are
						this.compensationsDone.add(new CompensationDone(step, false, false));
					}
				});
				releaseCompensations(released);
			}
		}

		private void releaseCompensations(List<StepKey> steps) {
			if (steps.isEmpty()) {
				return;
			}
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			for (List<StepKey> chunk : chunks(steps)) {
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_step SET comp_status = 'ACTIVE' WHERE ("
							+ stepKeys("workflow_id", "name", chunk.size()) + ") AND comp_status = 'WAITING'",
							(ps) -> bindKeys(ps, 1, chunk));
				WorkflowJoin.this.store.jdbc()
					.update("UPDATE taskflow_job SET status = 'PENDING', run_at = " + dialect.now() + " WHERE ("
							+ stepKeys("workflow_id", "step_name", chunk.size())
							+ ") AND status = 'BLOCKED' AND step_role = 'COMPENSATION'",
							(ps) -> bindKeys(ps, 1, chunk));
			}
			dialect.notifyReleased(WorkflowJoin.this.store.jdbc());
		}

		private void workflowDelta(UUID workflowId, int finished, int failed) {
			int[] delta = this.workflowDeltas.computeIfAbsent(workflowId, (id) -> new int[2]);
			delta[0] += finished;
			delta[1] += failed;
		}

		private WorkflowRow workflow(UUID id) {
			return this.workflows.computeIfAbsent(id, (key) -> {
				SqlDialect dialect = WorkflowJoin.this.store.dialect();
				return WorkflowJoin.this.store.jdbc()
					.query("SELECT id, name, status, failure_policy, cancel_requested_at, compensations, failed_steps,"
							+ " unfinished_steps FROM taskflow_workflow WHERE id = ?" + dialect.forUpdate(),
							(ps) -> dialect.setId(ps, 1, key), (rs, row) -> workflowRow(dialect, rs))
					.get(0);
			});
		}

		private Graph graph(UUID workflowId) {
			return this.graphs.computeIfAbsent(workflowId, (id) -> Graph.load(WorkflowJoin.this.store, id));
		}

		/**
		 * Write each workflow's counts, and finish those that reached zero: a running
		 * workflow succeeds, fails or ends cancelled; a compensating one starts its
		 * compensations, or ends when they have.
		 * @return the workflows that reached a final status
		 */
		List<FinishedWorkflow> finishWorkflows() {
			if (this.workflowDeltas.isEmpty()) {
				return List.of();
			}
			SqlDialect dialect = WorkflowJoin.this.store.dialect();
			List<Map.Entry<UUID, int[]>> deltas = List.copyOf(this.workflowDeltas.entrySet());
			this.workflowDeltas.clear();
			WorkflowJoin.this.store.jdbc()
				.batchUpdate(
						"UPDATE taskflow_workflow SET unfinished_steps = unfinished_steps - ?,"
								+ " failed_steps = failed_steps + ? WHERE id = ?",
						deltas, deltas.size(), (ps, entry) -> {
							ps.setInt(1, entry.getValue()[0]);
							ps.setInt(2, entry.getValue()[1]);
							dialect.setId(ps, 3, entry.getKey());
						});
			List<UUID> ids = deltas.stream().map(Map.Entry::getKey).toList();
			List<WorkflowRow> done = new ArrayList<>();
			for (List<UUID> chunk : chunks(ids)) {
				done.addAll(WorkflowJoin.this.store.jdbc()
					.query("SELECT id, name, status, failure_policy, cancel_requested_at, compensations, failed_steps,"
							+ " unfinished_steps FROM taskflow_workflow WHERE id IN ("
							+ StoreSupport.placeholders(chunk.size())
							+ ") AND unfinished_steps <= 0 AND status IN ('RUNNING', 'COMPENSATING')", (ps) -> {
								int index = 1;
								for (UUID id : chunk) {
									dialect.setId(ps, index++, id);
								}
							}, (rs, row) -> workflowRow(dialect, rs)));
			}
			List<FinishedWorkflow> finished = new ArrayList<>();
			List<String> finishedFrom = new ArrayList<>();
			for (WorkflowRow workflow : done) {
				String status;
				if (workflow.status().equals("RUNNING")) {
					status = workflow.cancelRequested() ? "CANCELLED"
							: (workflow.failedSteps() > 0) ? "FAILED" : "SUCCEEDED";
				}
				else if (workflow.compensations() == null && !workflow.cancelRequested()) {
					int compensations = new Compensation(WorkflowJoin.this.store, WorkflowJoin.this.inserter,
							workflow.id())
						.start();
					if (compensations > 0) {
						continue;
					}
					status = "COMPENSATED";
				}
				else if (workflow.cancelRequested()) {
					status = "CANCELLED";
				}
				else {
					status = (workflow.failedSteps() > 0) ? "FAILED" : "COMPENSATED";
				}
				finished.add(new FinishedWorkflow(workflow.id(), workflow.name(), status));
				finishedFrom.add(workflow.status());
			}
			if (!finished.isEmpty()) {
				// one batch for the many workflows a batch of outcomes finishes
				List<Integer> indexes = java.util.stream.IntStream.range(0, finished.size()).boxed().toList();
				WorkflowJoin.this.store.jdbc()
					.batchUpdate("UPDATE taskflow_workflow SET status = ?, finished_at = " + dialect.now()
							+ " WHERE id = ? AND status = ?", indexes, indexes.size(), (ps, index) -> {
								ps.setString(1, finished.get(index).status());
								dialect.setId(ps, 2, finished.get(index).id());
								ps.setString(3, finishedFrom.get(index));
							});
			}
			return finished;
		}

	}

	static WorkflowRow workflowRow(SqlDialect dialect, java.sql.ResultSet rs) throws java.sql.SQLException {
		int compensations = rs.getInt("compensations");
		Integer started = rs.wasNull() ? null : compensations;
		return new WorkflowRow(dialect.getId(rs, "id"), rs.getString("name"), rs.getString("status"),
				FailurePolicy.valueOf(rs.getString("failure_policy")),
				dialect.getTimestamp(rs, "cancel_requested_at") != null, started, rs.getInt("failed_steps"));
	}

	static <T> List<List<T>> chunks(Collection<T> items) {
		List<T> all = List.copyOf(items);
		List<List<T>> chunks = new ArrayList<>();
		for (int from = 0; from < all.size(); from += KEYS_PER_STATEMENT) {
			chunks.add(all.subList(from, Math.min(all.size(), from + KEYS_PER_STATEMENT)));
		}
		return chunks;
	}

	// (a = ? AND b = ?) OR ...: each a probe of the primary key or of the step index
	static String stepKeys(String workflowColumn, String nameColumn, int count) {
		StringBuilder sql = new StringBuilder();
		for (int i = 0; i < count; i++) {
			sql.append((i > 0) ? " OR " : "")
				.append('(')
				.append(workflowColumn)
				.append(" = ? AND ")
				.append(nameColumn)
				.append(" = ?)");
		}
		return sql.toString();
	}

	private void bindKeys(java.sql.PreparedStatement ps, int first, List<StepKey> keys) throws java.sql.SQLException {
		int index = first;
		for (StepKey key : keys) {
			this.store.dialect().setId(ps, index++, key.workflowId());
			ps.setString(index++, key.name());
		}
	}

	private static void bindNames(java.sql.PreparedStatement ps, int first, List<String> names)
			throws java.sql.SQLException {
		int index = first;
		for (String name : names) {
			ps.setString(index++, name);
		}
	}

	/**
	 * A step of a workflow.
	 *
	 * @param workflowId the workflow
	 * @param name the step's name
	 */
	record StepKey(UUID workflowId, String name) {
	}

	private static final class Delta {

		int unfinished;

		int failed;

		int cancelled;

		int spawned;

		void spawned(int count) {
			this.spawned += count;
		}

		boolean isZero() {
			return this.unfinished == 0 && this.failed == 0 && this.cancelled == 0 && this.spawned == 0;
		}

	}

	private record StepRow(StepKey key, int failedJobs, int cancelledJobs, String failurePolicy) {

		JobStatus status() {
			return (this.failedJobs > 0) ? JobStatus.FAILED
					: (this.cancelledJobs > 0) ? JobStatus.CANCELLED : JobStatus.SUCCEEDED;
		}

	}

	private record PendingJob(UUID id, String stepName, Role role) {
	}

	private record CompensationDone(StepKey step, boolean failed, boolean ranJob) {
	}

	/**
	 * A workflow's row, as the join reads it.
	 *
	 * @param id the workflow
	 * @param name its name
	 * @param status its status
	 * @param failurePolicy its policy
	 * @param cancelRequested whether it is being cancelled
	 * @param compensations the number of compensating jobs, once compensation started
	 * @param failedSteps the steps (or, while compensating, compensations) that failed
	 */
	record WorkflowRow(UUID id, String name, String status, FailurePolicy failurePolicy, boolean cancelRequested,
			Integer compensations, int failedSteps) {

		WorkflowRow withStatus(String status) {
			return new WorkflowRow(this.id, this.name, status, this.failurePolicy, this.cancelRequested,
					this.compensations, this.failedSteps);
		}

	}

	/**
	 * The edges of one workflow's graph.
	 */
	static final class Graph {

		private final Map<String, List<String>> children = new HashMap<>();

		private final Map<String, List<String>> parents = new HashMap<>();

		static Graph load(StoreSupport store, UUID workflowId) {
			Graph graph = new Graph();
			store.jdbc()
				.query("SELECT parent, child FROM taskflow_step_edge WHERE workflow_id = ?",
						(ps) -> store.dialect().setId(ps, 1, workflowId), (rs) -> {
							graph.add(rs.getString("parent"), rs.getString("child"));
						});
			return graph;
		}

		void add(String parent, String child) {
			this.children.computeIfAbsent(parent, (key) -> new ArrayList<>()).add(child);
			this.parents.computeIfAbsent(child, (key) -> new ArrayList<>()).add(parent);
		}

		List<String> children(String step) {
			return this.children.getOrDefault(step, List.of());
		}

		List<String> parents(String step) {
			return this.parents.getOrDefault(step, List.of());
		}

		Set<String> descendants(String step) {
			Set<String> found = new LinkedHashSet<>();
			Deque<String> next = new ArrayDeque<>(children(step));
			while (!next.isEmpty()) {
				String child = next.poll();
				if (found.add(child)) {
					next.addAll(children(child));
				}
			}
			return found;
		}

	}

}
