package dev.taskflow.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowQuery;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;

/**
 * TaskFlow's workflow tables: a workflow stored ({@link WorkflowInserter}), read back as
 * views, its steps' results read by the steps after them, and cancelled.
 *
 * @author TaskFlow
 */
public final class WorkflowStore {

	private final StoreSupport store;

	private final WorkflowInserter inserter;

	private final WorkflowJoin join;

	WorkflowStore(StoreSupport store, JobInserter inserter, WorkflowJoin join) {
		this.store = store;
		this.inserter = new WorkflowInserter(store, inserter);
		this.join = join;
	}

	/**
	 * Store a workflow, in the caller's transaction when there is one.
	 * @param workflow the workflow, validated
	 * @return the workflows that reached a final status at once (one whose steps are all
	 * groups of no jobs)
	 */
	public List<FinishedWorkflow> start(NewWorkflow workflow) {
		List<String> emptyRoots = workflow.steps()
			.stream()
			.filter((step) -> step.after().isEmpty() && step.jobs() == 0)
			.map(NewWorkflow.NewStep::name)
			.toList();
		if (emptyRoots.isEmpty() && this.inserter.insertsInOneStatement()) {
			// one statement is atomic on its own: it joins a caller's transaction, or
			// commits alone, with no round trip to begin or commit
			this.store.autoCommitted(() -> {
				this.inserter.insert(workflow);
				return null;
			});
			return List.of();
		}
		return this.store.inCallerTransaction(() -> {
			this.inserter.insert(workflow);
			return this.join.emptyStepsReleased(workflow.id(), emptyRoots);
		});
	}

	/**
	 * Cancel a running workflow: its blocked and pending steps now, its running jobs
	 * asked to stop; it ends {@code CANCELLED} once they have.
	 * @param id the workflow
	 * @return the outcome, or {@code null} if it was not running
	 */
	public CancelledWorkflow cancel(UUID id) {
		return this.store.inCallerTransaction(() -> {
			SqlDialect dialect = this.store.dialect();
			int updated = this.store.jdbc()
				.update("UPDATE taskflow_workflow SET cancel_requested_at = " + dialect.now()
						+ " WHERE id = ? AND status = 'RUNNING' AND cancel_requested_at IS NULL",
						(ps) -> dialect.setId(ps, 1, id));
			if (updated == 0) {
				return null;
			}
			List<FinishedWorkflow> finished = this.join.cancel(id, "Cancelled with its workflow");
			List<UUID> running = this.store.jdbc()
				.query("SELECT id FROM taskflow_job WHERE workflow_id = ? AND status = 'RUNNING'",
						(ps) -> dialect.setId(ps, 1, id), (rs, row) -> dialect.getId(rs, "id"));
			if (!running.isEmpty()) {
				this.store.jdbc()
					.update("UPDATE taskflow_job SET cancel_requested_at = " + dialect.now()
							+ " WHERE workflow_id = ? AND status = 'RUNNING' AND cancel_requested_at IS NULL",
							(ps) -> dialect.setId(ps, 1, id));
			}
			return new CancelledWorkflow(finished, running);
		});
	}

	/**
	 * Run a failed or cancelled workflow again: its steps that did not succeed, with what
	 * they blocked; in the caller's transaction when there is one.
	 * @param id the workflow
	 * @param attempts the attempts a job of a handler gets from now on
	 * @return the workflows that reached a final status at once, or {@code null} if the
	 * workflow was not failed or cancelled, or compensated what it did
	 */
	public List<FinishedWorkflow> retry(UUID id, java.util.function.ToIntFunction<String> attempts) {
		return this.store.inCallerTransaction(() -> new WorkflowRetry(this.store, this.join).retry(id, attempts));
	}

	/**
	 * What a cancel did.
	 *
	 * @param finished the workflow, when it is final already
	 * @param running its jobs that were running, asked to stop
	 */
	public record CancelledWorkflow(List<FinishedWorkflow> finished, List<UUID> running) {
	}

	/**
	 * The results of a step's jobs that succeeded, oldest first: of the jobs it spawned
	 * when it spawned any, else of its own.
	 * @param workflowId the workflow
	 * @param step the step
	 * @param own only the step's own jobs, never spawned ones
	 * @return the results as JSON, {@code null} for a job that returned nothing; empty if
	 * the step has no such job
	 * @throws IllegalArgumentException if the workflow has no step of that name
	 */
	public List<String> results(UUID workflowId, String step, boolean own) {
		SqlDialect dialect = this.store.dialect();
		Map<String, List<String>> byRole = new HashMap<>();
		this.store.jdbc()
			.query("SELECT result, step_role FROM taskflow_job WHERE workflow_id = ? AND step_name = ?"
					+ " AND status = 'SUCCEEDED' AND step_role IN ('STEP', 'SPAWNED') ORDER BY id", (ps) -> {
						dialect.setId(ps, 1, workflowId);
						ps.setString(2, step);
					}, (rs) -> {
						byRole.computeIfAbsent(rs.getString("step_role"), (role) -> new ArrayList<>())
							.add(rs.getString("result"));
					});
		if (byRole.isEmpty() && !hasStep(workflowId, step)) {
			throw new IllegalArgumentException("The workflow has no step named '" + step
					+ "': name one of the steps it was started with (Step.of(name, ...))");
		}
		if (!own && byRole.containsKey("SPAWNED")) {
			return byRole.get("SPAWNED");
		}
		return byRole.getOrDefault("STEP", List.of());
	}

	private boolean hasStep(UUID workflowId, String step) {
		SqlDialect dialect = this.store.dialect();
		return !this.store.jdbc().query("SELECT 1 FROM taskflow_step WHERE workflow_id = ? AND name = ?", (ps) -> {
			dialect.setId(ps, 1, workflowId);
			ps.setString(2, step);
		}, (rs, row) -> 1).isEmpty();
	}

	/**
	 * The parents of a step that failed or were cancelled.
	 * @param workflowId the workflow
	 * @param step the step
	 * @return their names
	 */
	public List<String> failedParents(UUID workflowId, String step) {
		SqlDialect dialect = this.store.dialect();
		return this.store.jdbc()
			.query("SELECT s.name FROM taskflow_step s JOIN taskflow_step_edge e ON e.workflow_id = s.workflow_id"
					+ " AND e.parent = s.name WHERE e.workflow_id = ? AND e.child = ?"
					+ " AND s.status IN ('FAILED', 'CANCELLED') ORDER BY s.position", (ps) -> {
						dialect.setId(ps, 1, workflowId);
						ps.setString(2, step);
					}, (rs, row) -> rs.getString("name"));
	}

	/**
	 * Find a workflow.
	 * @param id the workflow
	 * @return the view, or empty
	 */
	public Optional<WorkflowView> find(UUID id) {
		List<WorkflowView> views = views(List.of(id));
		return views.isEmpty() ? Optional.empty() : Optional.of(views.get(0));
	}

	/**
	 * A page of workflows, newest first.
	 * @param query the query
	 * @return the workflows of the page, and one more when more follow
	 */
	public List<WorkflowView> list(WorkflowQuery query) {
		SqlDialect dialect = this.store.dialect();
		StringBuilder sql = new StringBuilder("SELECT id FROM taskflow_workflow WHERE 1 = 1");
		List<Object> parameters = new ArrayList<>();
		if (!query.getStatuses().isEmpty()) {
			sql.append(" AND status IN (").append(StoreSupport.placeholders(query.getStatuses().size())).append(')');
			query.getStatuses().forEach((status) -> parameters.add(status.name()));
		}
		if (query.getName() != null) {
			sql.append(" AND name = ?");
			parameters.add(query.getName());
		}
		if (query.getCursorId() != null) {
			sql.append(" AND (created_at < ? OR (created_at = ? AND id < ?))");
			parameters.add(query.getCursorCreatedAt());
			parameters.add(query.getCursorCreatedAt());
			parameters.add(query.getCursorId().value());
		}
		sql.append(" ORDER BY created_at DESC, id DESC").append(dialect.limitParameter());
		parameters.add(query.getLimit() + 1);
		List<UUID> ids = this.store.jdbc().query(sql.toString(), (ps) -> {
			int index = 1;
			for (Object parameter : parameters) {
				if (parameter instanceof Instant instant) {
					dialect.setTimestamp(ps, index++, instant);
				}
				else if (parameter instanceof UUID uuid) {
					dialect.setId(ps, index++, uuid);
				}
				else {
					ps.setObject(index++, parameter);
				}
			}
		}, (rs, row) -> dialect.getId(rs, "id"));
		return views(ids);
	}

	/**
	 * The workflows with the given ids, in that order.
	 * @param ids the ids
	 * @return the views of those that exist
	 */
	List<WorkflowView> views(List<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		SqlDialect dialect = this.store.dialect();
		String in = " IN (" + StoreSupport.placeholders(ids.size()) + ")";
		org.springframework.jdbc.core.PreparedStatementSetter byIds = (ps) -> {
			int index = 1;
			for (UUID id : ids) {
				dialect.setId(ps, index++, id);
			}
		};
		Map<UUID, WorkflowHead> heads = new HashMap<>();
		this.store.jdbc()
			.query("SELECT id, name, status, failure_policy, created_at, finished_at, cancel_requested_at"
					+ " FROM taskflow_workflow WHERE id" + in, byIds, (rs) -> {
						UUID id = dialect.getId(rs, "id");
						heads.put(id,
								new WorkflowHead(id, rs.getString("name"),
										WorkflowStatus.valueOf(rs.getString("status")),
										FailurePolicy.valueOf(rs.getString("failure_policy")),
										dialect.getTimestamp(rs, "created_at"), dialect.getTimestamp(rs, "finished_at"),
										dialect.getTimestamp(rs, "cancel_requested_at") != null));
					});
		Map<UUID, Map<String, StepRow>> steps = new HashMap<>();
		this.store.jdbc()
			.query("SELECT workflow_id, name, status, failure_policy, spawned_jobs, unfinished_jobs, comp_job_id"
					+ " FROM taskflow_step WHERE workflow_id" + in + " ORDER BY position", byIds, (rs) -> {
						String policy = rs.getString("failure_policy");
						StepRow step = new StepRow(rs.getString("name"), rs.getString("status"),
								(policy != null) ? FailurePolicy.valueOf(policy) : null, rs.getInt("spawned_jobs"),
								rs.getInt("unfinished_jobs"), dialect.getId(rs, "comp_job_id"));
						steps.computeIfAbsent(dialect.getId(rs, "workflow_id"), (id) -> new LinkedHashMap<>())
							.put(step.name(), step);
					});
		this.store.jdbc()
			.query("SELECT workflow_id, parent, child FROM taskflow_step_edge WHERE workflow_id" + in, byIds, (rs) -> {
				StepRow child = steps.getOrDefault(dialect.getId(rs, "workflow_id"), Map.of())
					.get(rs.getString("child"));
				if (child != null) {
					child.after().add(rs.getString("parent"));
				}
			});
		this.store.jdbc()
			.query("SELECT id, workflow_id, step_name, step_role, status FROM taskflow_job WHERE workflow_id" + in
					+ " AND step_role <> 'SPAWNED' ORDER BY id", byIds, (rs) -> {
						StepRow step = steps.getOrDefault(dialect.getId(rs, "workflow_id"), Map.of())
							.get(rs.getString("step_name"));
						if (step == null) {
							return;
						}
						JobStatus status = JobStatus.valueOf(rs.getString("status"));
						if ("COMPENSATION".equals(rs.getString("step_role"))) {
							step.compensationStatus = status;
						}
						else {
							step.jobIds().add(JobId.of(dialect.getId(rs, "id")));
							step.jobStatuses().add(status);
						}
					});
		List<WorkflowView> views = new ArrayList<>();
		for (UUID id : ids) {
			WorkflowHead head = heads.get(id);
			if (head == null) {
				continue;
			}
			List<WorkflowView.StepView> stepViews = new ArrayList<>();
			Map<String, StepRow> stepsByName = steps.getOrDefault(id, Map.of());
			List<String> order = List.copyOf(stepsByName.keySet());
			for (StepRow step : stepsByName.values()) {
				// the parents in the order the workflow has them
				step.after().sort(java.util.Comparator.comparingInt(order::indexOf));
				stepViews.add(step.view());
			}
			views.add(new WorkflowView(WorkflowId.of(id), head.name(), head.status(), head.failurePolicy(),
					head.createdAt(), head.finishedAt(), List.copyOf(stepViews),
					head.cancelRequested() && !head.status().isFinal()));
		}
		return views;
	}

	/**
	 * The ids of the given workflows that have reached a final status.
	 * @param ids the workflows
	 * @return those that are final, or no longer exist
	 */
	public Set<UUID> finalAmong(Collection<UUID> ids) {
		Set<UUID> open = new java.util.HashSet<>();
		SqlDialect dialect = this.store.dialect();
		for (List<UUID> chunk : WorkflowJoin.chunks(ids)) {
			this.store.jdbc()
				.query("SELECT id FROM taskflow_workflow WHERE status IN ('RUNNING', 'COMPENSATING') AND id IN ("
						+ StoreSupport.placeholders(chunk.size()) + ")", (ps) -> {
							int index = 1;
							for (UUID id : chunk) {
								dialect.setId(ps, index++, id);
							}
						}, (rs) -> {
							open.add(dialect.getId(rs, "id"));
						});
		}
		Set<UUID> done = new java.util.HashSet<>(ids);
		done.removeAll(open);
		return done;
	}

	private record WorkflowHead(UUID id, String name, WorkflowStatus status, FailurePolicy failurePolicy,
			Instant createdAt, Instant finishedAt, boolean cancelRequested) {
	}

	private static final class StepRow {

		private final String name;

		private final String status;

		private final FailurePolicy failurePolicy;

		private final int spawnedJobs;

		private final int unfinishedJobs;

		private final UUID compensationJobId;

		private final List<String> after = new ArrayList<>();

		private final List<JobId> jobIds = new ArrayList<>();

		private final List<JobStatus> jobStatuses = new ArrayList<>();

		private JobStatus compensationStatus;

		StepRow(String name, String status, FailurePolicy failurePolicy, int spawnedJobs, int unfinishedJobs,
				UUID compensationJobId) {
			this.name = name;
			this.status = status;
			this.failurePolicy = failurePolicy;
			this.spawnedJobs = spawnedJobs;
			this.unfinishedJobs = unfinishedJobs;
			this.compensationJobId = compensationJobId;
		}

		String name() {
			return this.name;
		}

		List<String> after() {
			return this.after;
		}

		List<JobId> jobIds() {
			return this.jobIds;
		}

		List<JobStatus> jobStatuses() {
			return this.jobStatuses;
		}

		WorkflowView.StepView view() {
			return new WorkflowView.StepView(this.name, List.copyOf(this.after), status(), this.failurePolicy,
					List.copyOf(this.jobIds), this.spawnedJobs, this.unfinishedJobs,
					(this.compensationStatus != null) ? JobId.of(this.compensationJobId) : null,
					this.compensationStatus);
		}

		// a released step runs while any of its jobs runs, or once its own are done and
		// spawned ones remain
		private JobStatus status() {
			return switch (this.status) {
				case "ACTIVE" -> (this.jobStatuses.contains(JobStatus.RUNNING)
						|| (!this.jobStatuses.isEmpty() && this.jobStatuses.stream().noneMatch(JobStatus::isActive)))
								? JobStatus.RUNNING : JobStatus.PENDING;
				default -> JobStatus.valueOf(this.status);
			};
		}

	}

}
