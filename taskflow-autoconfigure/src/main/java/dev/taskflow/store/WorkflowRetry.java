package dev.taskflow.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * Runs a failed or cancelled workflow again: every step that did not succeed is reset
 * with the jobs of it that did not succeed (its own and those spawned), blocked until its
 * parents that did not succeed have finished again; steps that succeeded keep their jobs
 * and results. Rare, so it reads the workflow's whole graph.
 *
 * @author TaskFlow
 */
final class WorkflowRetry {

	private final StoreSupport store;

	private final WorkflowJoin join;

	WorkflowRetry(StoreSupport store, WorkflowJoin join) {
		this.store = store;
		this.join = join;
	}

	/**
	 * Reset the workflow, in the current transaction.
	 * @param workflowId the workflow
	 * @param attempts the attempts a job of a handler gets from now on
	 * @return the workflows that reached a final status at once, or {@code null} if the
	 * workflow was not failed or cancelled (or compensated what it did)
	 */
	List<FinishedWorkflow> retry(UUID workflowId, ToIntFunction<String> attempts) {
		SqlDialect dialect = this.store.dialect();
		List<String> locked = this.store.jdbc()
			.query("SELECT status FROM taskflow_workflow WHERE id = ? AND status IN ('FAILED', 'CANCELLED')"
					+ " AND compensations IS NULL" + dialect.forUpdate(), (ps) -> dialect.setId(ps, 1, workflowId),
					(rs, row) -> rs.getString("status"));
		if (locked.isEmpty()) {
			return null;
		}
		Set<String> succeeded = new HashSet<>();
		List<String> steps = new ArrayList<>();
		this.store.jdbc()
			.query("SELECT name, status FROM taskflow_step WHERE workflow_id = ?",
					(ps) -> dialect.setId(ps, 1, workflowId), (rs) -> {
						steps.add(rs.getString("name"));
						if ("SUCCEEDED".equals(rs.getString("status"))) {
							succeeded.add(rs.getString("name"));
						}
					});
		WorkflowJoin.Graph graph = WorkflowJoin.Graph.load(this.store, workflowId);
		Map<String, List<Object[]>> jobsByStep = new HashMap<>();
		this.store.jdbc()
			.query("SELECT id, step_name, handler FROM taskflow_job WHERE workflow_id = ?"
					+ " AND step_role IN ('STEP', 'SPAWNED') AND status <> 'SUCCEEDED'",
					(ps) -> dialect.setId(ps, 1, workflowId), (rs) -> {
						jobsByStep.computeIfAbsent(rs.getString("step_name"), (step) -> new ArrayList<>())
							.add(new Object[] { dialect.getId(rs, "id"), rs.getString("handler") });
					});
		List<Object[]> resetSteps = new ArrayList<>();
		List<Object[]> resetJobs = new ArrayList<>();
		List<String> emptyReleased = new ArrayList<>();
		for (String step : steps) {
			if (succeeded.contains(step)) {
				continue;
			}
			int waiting = (int) graph.parents(step).stream().filter((parent) -> !succeeded.contains(parent)).count();
			List<Object[]> jobs = jobsByStep.getOrDefault(step, List.of());
			String status = (waiting > 0) ? "BLOCKED" : "ACTIVE";
			resetSteps.add(new Object[] { status, waiting, jobs.size(), step });
			for (Object[] job : jobs) {
				resetJobs.add(new Object[] { (waiting > 0) ? "BLOCKED" : "PENDING",
						attempts.applyAsInt((String) job[1]), job[0] });
			}
			if (waiting == 0 && jobs.isEmpty()) {
				emptyReleased.add(step);
			}
		}
		this.store.jdbc()
			.update("UPDATE taskflow_workflow SET status = 'RUNNING', finished_at = NULL, cancel_requested_at = NULL,"
					+ " failed_steps = 0, unfinished_steps = ? WHERE id = ?", (ps) -> {
						ps.setInt(1, resetSteps.size());
						dialect.setId(ps, 2, workflowId);
					});
		this.store.jdbc()
			.batchUpdate("UPDATE taskflow_step SET status = ?, waiting_parents = ?, unfinished_jobs = ?,"
					+ " failed_jobs = 0, cancelled_jobs = 0, finished_at = NULL WHERE workflow_id = ? AND name = ?",
					resetSteps, resetSteps.size(), (ps, step) -> {
						ps.setString(1, (String) step[0]);
						ps.setInt(2, (Integer) step[1]);
						ps.setInt(3, (Integer) step[2]);
						dialect.setId(ps, 4, workflowId);
						ps.setString(5, (String) step[3]);
					});
		// a fresh budget, numbered on from the last attempt, as a job's retry gives
		this.store.jdbc()
			.batchUpdate(
					"UPDATE taskflow_job SET status = ?, max_attempts = attempt + ?, run_at = " + dialect.now()
							+ ", finished_at = NULL, result = NULL, cancel_requested_at = NULL WHERE id = ?",
					resetJobs, resetJobs.size(), (ps, job) -> {
						ps.setString(1, (String) job[0]);
						ps.setInt(2, (Integer) job[1]);
						dialect.setId(ps, 3, (UUID) job[2]);
					});
		dialect.notifyReleased(this.store.jdbc());
		return this.join.emptyStepsReleased(workflowId, emptyReleased);
	}

}
