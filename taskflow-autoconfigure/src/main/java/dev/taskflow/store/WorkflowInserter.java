package dev.taskflow.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores a new workflow: its row, its steps, the edges between them and its jobs. On
 * PostgreSQL that is one statement (each table written by a data-modifying CTE from
 * arrays), so a start costs one round trip; elsewhere it is one round trip per table.
 *
 * @author TaskFlow
 */
final class WorkflowInserter {

	private static final String WORKFLOW_COLUMNS = "id, name, status, failure_policy, unfinished_steps, failed_steps,"
			+ " created_at, trace_parent";

	private static final String STEP_COLUMNS = "workflow_id, name, position, status, group_step, waiting_parents,"
			+ " unfinished_jobs, failed_jobs, cancelled_jobs, spawned_jobs, failure_policy, comp_job_id, comp_handler,"
			+ " comp_queue, comp_priority, comp_max_attempts, comp_payload, comp_concurrency_key, comp_correlation_id";

	private final StoreSupport store;

	private final JobInserter jobs;

	// PostgreSQL: the workflow, its steps, edges and jobs in one statement
	private final String oneStatement;

	WorkflowInserter(StoreSupport store, JobInserter jobs) {
		this.store = store;
		this.jobs = jobs;
		this.oneStatement = (jobs.stepsFromArrays() != null) ? oneStatement(store.dialect(), jobs.stepsFromArrays())
				: null;
	}

	/**
	 * Whether a workflow is stored by a single statement, atomic on its own.
	 * @return whether it is
	 */
	boolean insertsInOneStatement() {
		return this.oneStatement != null;
	}

	/**
	 * Store the workflow, in the current transaction (or, when
	 * {@link #insertsInOneStatement()}, on its own).
	 * @param workflow the workflow, validated
	 */
	void insert(NewWorkflow workflow) {
		if (this.oneStatement != null) {
			this.store.jdbc().update((connection) -> {
				PreparedStatement ps = connection.prepareStatement(this.oneStatement);
				bindOneStatement(connection, ps, workflow);
				return ps;
			});
			return;
		}
		insertPerTable(workflow);
	}

	private static String oneStatement(SqlDialect dialect, String jobsFromArrays) {
		return "WITH workflow AS (INSERT INTO taskflow_workflow (" + WORKFLOW_COLUMNS + ") VALUES (?, ?, 'RUNNING', ?,"
				+ " ?, 0, " + dialect.now() + ", ?)), steps AS (INSERT INTO taskflow_step (" + STEP_COLUMNS + ")"
				+ " SELECT CAST(? AS UUID), s.name, s.position, s.status, s.group_step, s.waiting_parents,"
				+ " s.unfinished_jobs, 0, 0, 0, s.failure_policy, s.comp_job_id, s.comp_handler, s.comp_queue,"
				+ " s.comp_priority, s.comp_max_attempts, CAST(s.comp_payload AS JSONB), s.comp_concurrency_key,"
				+ " s.comp_correlation_id FROM unnest(CAST(? AS TEXT[]), CAST(? AS INT[]), CAST(? AS TEXT[]),"
				+ " CAST(? AS BOOLEAN[]), CAST(? AS INT[]), CAST(? AS INT[]), CAST(? AS TEXT[]), CAST(? AS UUID[]),"
				+ " CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS INT[]), CAST(? AS INT[]), CAST(? AS TEXT[]),"
				+ " CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS s(name, position, status, group_step, waiting_parents,"
				+ " unfinished_jobs, failure_policy, comp_job_id, comp_handler, comp_queue, comp_priority,"
				+ " comp_max_attempts, comp_payload, comp_concurrency_key, comp_correlation_id)),"
				+ " edges AS (INSERT INTO taskflow_step_edge (workflow_id, parent, child) SELECT CAST(? AS UUID),"
				+ " e.parent, e.child FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS e(parent, child)) "
				+ jobsFromArrays;
	}

	private void bindOneStatement(Connection connection, PreparedStatement ps, NewWorkflow workflow)
			throws SQLException {
		SqlDialect dialect = this.store.dialect();
		dialect.setId(ps, 1, workflow.id());
		ps.setString(2, workflow.name());
		ps.setString(3, workflow.failurePolicy().name());
		ps.setInt(4, workflow.steps().size());
		ps.setString(5, workflow.traceParent());
		dialect.setId(ps, 6, workflow.id());
		List<NewWorkflow.NewStep> steps = workflow.steps();
		int size = steps.size();
		Object[][] columns = new Object[15][size];
		for (int i = 0; i < size; i++) {
			NewWorkflow.NewStep step = steps.get(i);
			NewJob compensation = step.compensation();
			columns[0][i] = step.name();
			columns[1][i] = step.position();
			columns[2][i] = step.after().isEmpty() ? "ACTIVE" : "BLOCKED";
			columns[3][i] = step.group();
			columns[4][i] = step.after().size();
			columns[5][i] = step.jobs();
			columns[6][i] = (step.failurePolicy() != null) ? step.failurePolicy().name() : null;
			if (compensation != null) {
				columns[7][i] = compensation.id();
				columns[8][i] = compensation.handler();
				columns[9][i] = compensation.queue();
				columns[10][i] = compensation.priority();
				columns[11][i] = compensation.maxAttempts();
				columns[12][i] = compensation.payload();
				columns[13][i] = compensation.concurrencyKey();
				columns[14][i] = compensation.correlationId();
			}
		}
		String[] types = { "text", "integer", "text", "boolean", "integer", "integer", "text", "uuid", "text", "text",
				"integer", "integer", "text", "text", "text" };
		for (int column = 0; column < types.length; column++) {
			ps.setArray(7 + column, connection.createArrayOf(types[column], columns[column]));
		}
		List<String> parents = new ArrayList<>();
		List<String> children = new ArrayList<>();
		for (NewWorkflow.NewStep step : steps) {
			for (String parent : step.after()) {
				parents.add(parent);
				children.add(step.name());
			}
		}
		dialect.setId(ps, 22, workflow.id());
		ps.setArray(23, connection.createArrayOf("text", parents.toArray()));
		ps.setArray(24, connection.createArrayOf("text", children.toArray()));
		this.jobs.bindSteps(connection, ps, 25, workflow.jobs(), workflow.blockedJobs());
	}

	// a round trip per table, in the current transaction
	private void insertPerTable(NewWorkflow workflow) {
		SqlDialect dialect = this.store.dialect();
		this.store.jdbc()
			.update("INSERT INTO taskflow_workflow (" + WORKFLOW_COLUMNS + ") VALUES (?, ?, 'RUNNING', ?, ?, 0, "
					+ dialect.now() + ", ?)", (ps) -> {
						dialect.setId(ps, 1, workflow.id());
						ps.setString(2, workflow.name());
						ps.setString(3, workflow.failurePolicy().name());
						ps.setInt(4, workflow.steps().size());
						ps.setString(5, workflow.traceParent());
					});
		List<NewWorkflow.NewStep> steps = workflow.steps();
		this.store.jdbc()
			.batchUpdate(
					"INSERT INTO taskflow_step (" + STEP_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?,"
							+ " ?, ?, ?, ?, " + dialect.jsonParameter() + ", ?, ?)",
					steps, steps.size(), (ps, step) -> {
						dialect.setId(ps, 1, workflow.id());
						ps.setString(2, step.name());
						ps.setInt(3, step.position());
						ps.setString(4, step.after().isEmpty() ? "ACTIVE" : "BLOCKED");
						ps.setBoolean(5, step.group());
						ps.setInt(6, step.after().size());
						ps.setInt(7, step.jobs());
						ps.setString(8, (step.failurePolicy() != null) ? step.failurePolicy().name() : null);
						bindCompensation(dialect, ps, step.compensation());
					});
		List<String[]> edges = new ArrayList<>();
		for (NewWorkflow.NewStep step : steps) {
			for (String parent : step.after()) {
				edges.add(new String[] { parent, step.name() });
			}
		}
		if (!edges.isEmpty()) {
			this.store.jdbc()
				.batchUpdate("INSERT INTO taskflow_step_edge (workflow_id, parent, child) VALUES (?, ?, ?)", edges,
						edges.size(), (ps, edge) -> {
							dialect.setId(ps, 1, workflow.id());
							ps.setString(2, edge[0]);
							ps.setString(3, edge[1]);
						});
		}
		this.jobs.insertSteps(workflow.jobs(), workflow.blockedJobs());
	}

	private static void bindCompensation(SqlDialect dialect, PreparedStatement ps, NewJob compensation)
			throws SQLException {
		if (compensation == null) {
			for (int index = 9; index <= 16; index++) {
				ps.setObject(index, null);
			}
			return;
		}
		dialect.setId(ps, 9, compensation.id());
		ps.setString(10, compensation.handler());
		ps.setString(11, compensation.queue());
		ps.setInt(12, compensation.priority());
		ps.setInt(13, compensation.maxAttempts());
		ps.setString(14, compensation.payload());
		ps.setString(15, compensation.concurrencyKey());
		ps.setString(16, compensation.correlationId());
	}

}
