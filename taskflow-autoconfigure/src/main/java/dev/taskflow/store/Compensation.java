package dev.taskflow.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Starts the compensations of a workflow whose steps are all final after a failure under
 * {@link dev.taskflow.FailurePolicy#COMPENSATE}: the compensating job of each step that
 * succeeded is inserted, due at once when every step after its step is done compensating,
 * {@code BLOCKED} until then (the join releases it). Steps without a compensating job
 * pass on as soon as the steps after them are done. Rare, so it reads the workflow's
 * whole graph.
 *
 * @author TaskFlow
 */
final class Compensation {

	private final StoreSupport store;

	private final JobInserter inserter;

	private final UUID workflowId;

	Compensation(StoreSupport store, JobInserter inserter, UUID workflowId) {
		this.store = store;
		this.inserter = inserter;
		this.workflowId = workflowId;
	}

	/**
	 * Insert the compensating jobs.
	 * @return how many there are
	 */
	int start() {
		SqlDialect dialect = this.store.dialect();
		String traceParent = this.store.jdbc()
			.query("SELECT trace_parent FROM taskflow_workflow WHERE id = ?",
					(ps) -> dialect.setId(ps, 1, this.workflowId), (rs, row) -> rs.getString("trace_parent"))
			.get(0);
		Map<String, NewJob> jobs = new HashMap<>();
		List<String> steps = new ArrayList<>();
		this.store.jdbc()
			.query("SELECT name, status, comp_job_id, comp_handler, comp_queue, comp_priority, comp_max_attempts,"
					+ " comp_payload, comp_concurrency_key, comp_correlation_id FROM taskflow_step WHERE workflow_id = ?",
					(ps) -> dialect.setId(ps, 1, this.workflowId), (rs) -> {
						String name = rs.getString("name");
						steps.add(name);
						if ("SUCCEEDED".equals(rs.getString("status")) && rs.getString("comp_handler") != null) {
							jobs.put(name,
									new NewJob(dialect.getId(rs, "comp_job_id"), rs.getString("comp_handler"),
											rs.getString("comp_queue"), rs.getInt("comp_priority"), null, 0,
											rs.getInt("comp_max_attempts"), rs.getString("comp_payload"), null,
											rs.getString("comp_concurrency_key"), traceParent,
											rs.getString("comp_correlation_id"),
											new JobStep(this.workflowId, name, JobStep.Role.COMPENSATION)));
						}
					});
		WorkflowJoin.Graph graph = WorkflowJoin.Graph.load(this.store, this.workflowId);
		Map<String, Integer> waiting = new HashMap<>();
		for (String step : steps) {
			waiting.put(step, graph.children(step).size());
		}
		// steps without a job of their own are done as soon as their children are
		Set<String> done = new HashSet<>();
		Deque<String> next = new ArrayDeque<>();
		for (String step : steps) {
			if (waiting.get(step) == 0 && !jobs.containsKey(step)) {
				next.add(step);
			}
		}
		while (!next.isEmpty()) {
			String step = next.poll();
			if (!done.add(step)) {
				continue;
			}
			for (String parent : graph.parents(step)) {
				int left = waiting.merge(parent, -1, Integer::sum);
				if (left == 0 && !jobs.containsKey(parent)) {
					next.add(parent);
				}
			}
		}
		Set<UUID> blocked = new HashSet<>();
		List<Object[]> states = new ArrayList<>();
		for (String step : steps) {
			int left = waiting.get(step);
			String status;
			if (done.contains(step)) {
				status = "DONE";
			}
			else if (jobs.containsKey(step)) {
				status = (left == 0) ? "ACTIVE" : "WAITING";
				if (left > 0) {
					blocked.add(jobs.get(step).id());
				}
			}
			else {
				status = "PASSING";
			}
			states.add(new Object[] { status, left, step });
		}
		this.store.jdbc()
			.batchUpdate(
					"UPDATE taskflow_step SET comp_status = ?, comp_waiting = ? WHERE workflow_id = ? AND name = ?",
					states, states.size(), (ps, state) -> {
						ps.setString(1, (String) state[0]);
						ps.setInt(2, (Integer) state[1]);
						dialect.setId(ps, 3, this.workflowId);
						ps.setString(4, (String) state[2]);
					});
		this.inserter.insertSteps(List.copyOf(jobs.values()), blocked);
		this.store.jdbc()
			.update("UPDATE taskflow_workflow SET compensations = ?, unfinished_steps = ?, failed_steps = 0 WHERE id = ?",
					(ps) -> {
						ps.setInt(1, jobs.size());
						ps.setInt(2, jobs.size());
						dialect.setId(ps, 3, this.workflowId);
					});
		return jobs.size();
	}

}
