package dev.taskflow.chaos;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;

/**
 * What the harness checks of the workflows once a run is over, from TaskFlow's workflow,
 * step, edge, job and attempt tables and the executions the handlers recorded: the rows
 * {@link Checks} adds to its table. Every time compared is the database's clock: the
 * jobs' {@code started_at} and {@code finished_at}, the attempts' {@code started_at}, and
 * each execution's recorded start (never its node's clock, which is skewed on one node).
 *
 * @author TaskFlow
 */
final class WorkflowChecks {

	private static final Set<String> FINAL_WORKFLOW = Set.of("SUCCEEDED", "FAILED", "COMPENSATED", "CANCELLED");

	private static final Set<String> FINAL_JOB = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

	private static final String STEP = "STEP";

	private static final String SPAWNED = "SPAWNED";

	private static final String COMPENSATION = "COMPENSATION";

	private final JdbcTemplate jdbc;

	private final ChaosDatabase database;

	private final Map<String, WorkflowShape> started;

	private final int failedStarts;

	private final boolean drained;

	private final long feedEnd;

	private final Duration drainTimeout;

	private final Map<String, Flow> flows = new TreeMap<>();

	// by workflow, then by step name
	private final Map<String, Map<String, StepRow>> steps = new HashMap<>();

	// by workflow, then by step: the steps it comes after, and those after it
	private final Map<String, Map<String, List<String>>> parents = new HashMap<>();

	private final Map<String, Map<String, List<String>>> children = new HashMap<>();

	private final Map<String, StepJob> jobs = new HashMap<>();

	// by workflow|step|role
	private final Map<String, List<StepJob>> jobsOfStep = new HashMap<>();

	private final Map<String, List<Run>> runs = new HashMap<>();

	// per job: the earliest moment any of its attempts started
	private final Map<String, Long> firstStart = new HashMap<>();

	/**
	 * The checks of one run.
	 * @param jdbc the harness's connection to the run's database
	 * @param database the database
	 * @param started the workflows the feeder was told it started, by id
	 * @param failedStarts how many starts failed (in outages)
	 * @param drained whether every job and workflow finished within the drain
	 * @param feedEnd when feeding stopped (database clock, epoch micros)
	 * @param drainTimeout how long the drain may take
	 */
	WorkflowChecks(JdbcTemplate jdbc, ChaosDatabase database, Map<String, WorkflowShape> started, int failedStarts,
			boolean drained, long feedEnd, Duration drainTimeout) {
		this.jdbc = jdbc;
		this.database = database;
		this.started = started;
		this.failedStarts = failedStarts;
		this.drained = drained;
		this.feedEnd = feedEnd;
		this.drainTimeout = drainTimeout;
	}

	record Flow(String id, String name, String status, String policy, int unfinishedSteps, Long finishedAt) {

		boolean isFinal() {
			return FINAL_WORKFLOW.contains(this.status);
		}

	}

	record StepRow(String workflowId, String name, String status, int spawnedJobs, boolean compensated) {
	}

	record StepJob(String id, String handler, String status, String workflowId, String step, String role,
			Long startedAt, Long finishedAt, String result) {
	}

	record Run(String jobId, int attempt, String nodeId, long startedAt, Long endedAt, String handler,
			String workflowId, String step) {
	}

	/**
	 * Read the run's workflows, steps, edges, jobs, attempts and executions, and check
	 * them.
	 * @return the rows
	 */
	List<Row> run() {
		load();
		return rows();
	}

	/**
	 * Check what was read (or, in a test, added).
	 * @return the rows
	 */
	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(checkFinalStatuses());
		rows.add(checkOrder());
		rows.add(checkCompensations());
		rows.add(checkNothingLeftBehind());
		return rows;
	}

	private void load() {
		this.jdbc.query("SELECT id, name, status, failure_policy, unfinished_steps, "
				+ this.database.micros("finished_at") + " AS finished FROM taskflow_workflow", (rs) -> {
					add(new Flow(id(rs.getString("id")), rs.getString("name"), rs.getString("status"),
							rs.getString("failure_policy"), rs.getInt("unfinished_steps"), longOrNull(rs, "finished")));
				});
		this.jdbc.query("SELECT workflow_id, name, status, spawned_jobs, comp_handler FROM taskflow_step", (rs) -> {
			add(new StepRow(id(rs.getString("workflow_id")), rs.getString("name"), rs.getString("status"),
					rs.getInt("spawned_jobs"), rs.getString("comp_handler") != null));
		});
		this.jdbc.query("SELECT workflow_id, parent, child FROM taskflow_step_edge", (rs) -> {
			addEdge(id(rs.getString("workflow_id")), rs.getString("parent"), rs.getString("child"));
		});
		this.jdbc.query("SELECT id, handler, status, workflow_id, step_name, step_role, "
				+ this.database.micros("started_at") + " AS started, " + this.database.micros("finished_at")
				+ " AS finished, result FROM taskflow_job WHERE workflow_id IS NOT NULL", (rs) -> {
					add(new StepJob(id(rs.getString("id")), rs.getString("handler"), rs.getString("status"),
							id(rs.getString("workflow_id")), rs.getString("step_name"), rs.getString("step_role"),
							longOrNull(rs, "started"), longOrNull(rs, "finished"), rs.getString("result")));
				});
		this.jdbc.query("SELECT a.job_id, " + this.database.micros("a.started_at") + " AS started"
				+ " FROM taskflow_attempt a JOIN taskflow_job j ON j.id = a.job_id WHERE j.workflow_id IS NOT NULL",
				(rs) -> {
					Long startedAt = longOrNull(rs, "started");
					if (startedAt != null) {
						attemptStarted(id(rs.getString("job_id")), startedAt);
					}
				});
		// the recorded starts, not the nodes' own clock readings (Checks takes the
		// earlier of the two for overlaps): those are only about right, and order
		// here is a matter of milliseconds
		this.jdbc.query("SELECT job_id, attempt, node_id, started_at, ended_at, handler, workflow_id, step_name"
				+ " FROM chaos_execution WHERE workflow_id IS NOT NULL OR handler LIKE 'chaos.wf.%'", (rs) -> {
					add(new Run(id(rs.getString("job_id")), rs.getInt("attempt"), rs.getString("node_id"),
							rs.getLong("started_at"), longOrNull(rs, "ended_at"), rs.getString("handler"),
							id(rs.getString("workflow_id")), rs.getString("step_name")));
				});
	}

	void add(Flow flow) {
		this.flows.put(flow.id(), flow);
	}

	void add(StepRow step) {
		this.steps.computeIfAbsent(step.workflowId(), (key) -> new TreeMap<>()).put(step.name(), step);
	}

	void addEdge(String workflowId, String parent, String child) {
		this.parents.computeIfAbsent(workflowId, (key) -> new HashMap<>())
			.computeIfAbsent(child, (key) -> new ArrayList<>())
			.add(parent);
		this.children.computeIfAbsent(workflowId, (key) -> new HashMap<>())
			.computeIfAbsent(parent, (key) -> new ArrayList<>())
			.add(child);
	}

	void add(StepJob job) {
		this.jobs.put(job.id(), job);
		this.jobsOfStep.computeIfAbsent(key(job.workflowId(), job.step(), job.role()), (key) -> new ArrayList<>())
			.add(job);
		if (job.startedAt() != null) {
			attemptStarted(job.id(), job.startedAt());
		}
	}

	void attemptStarted(String jobId, long startedAt) {
		this.firstStart.merge(jobId, startedAt, Math::min);
	}

	void add(Run run) {
		this.runs.computeIfAbsent(run.jobId(), (key) -> new ArrayList<>()).add(run);
		attemptStarted(run.jobId(), run.startedAt());
	}

	private Row checkFinalStatuses() {
		String check = "every workflow reached a final status (SUCCEEDED, FAILED, COMPENSATED, CANCELLED) within"
				+ " the drain, the one its shape calls for";
		List<String> wrong = new ArrayList<>();
		this.started.keySet()
			.stream()
			.map(WorkflowChecks::id)
			.filter((id) -> !this.flows.containsKey(id))
			.forEach((id) -> wrong.add(id + " started but not stored"));
		Map<String, Integer> byShape = new TreeMap<>();
		Set<WorkflowShape> finished = new LinkedHashSet<>();
		long lastFinished = 0;
		for (Flow flow : this.flows.values()) {
			byShape.merge(flow.name() + " " + flow.status(), 1, Integer::sum);
			WorkflowShape shape = WorkflowShape.named(flow.name());
			if (!flow.isFinal()) {
				wrong.add(flow.id() + " " + flow.name() + " still " + flow.status() + " (" + stepStatuses(flow.id())
						+ ")");
				continue;
			}
			if (flow.finishedAt() != null) {
				lastFinished = Math.max(lastFinished, flow.finishedAt());
			}
			if (shape == null || !shape.expected().name().equals(flow.status())) {
				wrong.add(flow.id() + " " + flow.name() + " " + flow.status() + ", expected "
						+ ((shape != null) ? shape.expected() : "no such shape") + " (" + stepStatuses(flow.id())
						+ ")");
			}
			else {
				finished.add(shape);
			}
			// a step's status follows from its jobs (its own and those they spawned)
			for (StepRow step : this.steps.getOrDefault(flow.id(), Map.of()).values()) {
				List<StepJob> ofStep = jobs(flow.id(), step.name(), STEP, SPAWNED);
				String expected = ofStep.stream().anyMatch((job) -> job.status().equals("FAILED")) ? "FAILED"
						: ofStep.stream().anyMatch((job) -> job.status().equals("CANCELLED")) ? "CANCELLED"
								: "SUCCEEDED";
				if (!ofStep.isEmpty() && !step.status().equals(expected)) {
					wrong.add(flow.id() + " step " + step.name() + " " + step.status() + " though its jobs say "
							+ expected);
				}
			}
		}
		// spawned jobs are stored with the spawning attempt's success only: as many as
		// the step that spawned them returned, never twice as many after a retry
		int spawners = 0;
		int spawned = 0;
		for (StepJob job : this.jobs.values()) {
			if (!job.handler().equals(ChaosHandlers.SPAWN) || !job.status().equals("SUCCEEDED")) {
				continue;
			}
			spawners++;
			int count = jobs(job.workflowId(), job.step(), SPAWNED).size();
			spawned += count;
			StepRow step = this.steps.getOrDefault(job.workflowId(), Map.of()).get(job.step());
			Integer returned = parseInt(job.result());
			if (returned == null || returned != count || step == null || step.spawnedJobs() != count) {
				wrong.add(job.workflowId() + " step " + job.step() + " returned " + job.result() + ", " + count
						+ " spawned job(s) stored, the step counts "
						+ ((step != null) ? step.spawnedJobs() : "no step"));
			}
		}
		for (WorkflowShape shape : WorkflowShape.values()) {
			if (!finished.contains(shape)) {
				wrong.add("no " + shape.workflowName() + " workflow reached " + shape.expected());
			}
		}
		long sinceFeedEnd = lastFinished - this.feedEnd;
		String last = (lastFinished == 0) ? "none" : String.format("%.1f s %s feeding stopped",
				Math.abs(sinceFeedEnd) / 1e6, (sinceFeedEnd >= 0) ? "after" : "before");
		return row(check, wrong.isEmpty() && this.drained,
				(this.drained ? "" : "NOT DRAINED; ") + this.flows.size() + " workflows (" + this.started.size()
						+ " started by the feeder, " + this.failedStarts + " start(s) failed in outages): " + byShape
						+ "; the last one final " + last + " (drain limit " + this.drainTimeout.toSeconds() + " s); "
						+ spawners + " spawning steps stored " + spawned + " spawned jobs, as many as each returned"
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + examples(wrong)));
	}

	private Row checkOrder() {
		String check = "no step started before all its parents had finished (their spawned jobs included), no"
				+ " spawned job before the job that spawned it";
		List<String> wrong = new ArrayList<>();
		int edges = 0;
		int ran = 0;
		long closest = Long.MAX_VALUE;
		for (Map.Entry<String, Map<String, List<String>>> workflow : this.parents.entrySet()) {
			String workflowId = workflow.getKey();
			for (Map.Entry<String, List<String>> child : workflow.getValue().entrySet()) {
				edges += child.getValue().size();
				for (StepJob job : jobs(workflowId, child.getKey(), STEP)) {
					Long start = this.firstStart.get(job.id());
					if (start == null) {
						continue;
					}
					ran++;
					for (String parent : child.getValue()) {
						List<StepJob> before = jobs(workflowId, parent, STEP, SPAWNED);
						Long done = lastFinished(before);
						if (done == null) {
							wrong.add(workflowId + " step " + child.getKey() + " started while its parent " + parent
									+ " had unfinished jobs");
						}
						else if (start < done) {
							wrong.add(workflowId + " step " + child.getKey() + " started " + (done - start) / 1000
									+ " ms before its parent " + parent + " had finished");
						}
						else {
							closest = Math.min(closest, start - done);
						}
					}
				}
			}
		}
		int spawnedChecked = 0;
		for (List<StepJob> spawned : this.jobsOfStep.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().endsWith("|" + SPAWNED))
			.map(Map.Entry::getValue)
			.toList()) {
			StepJob any = spawned.get(0);
			List<StepJob> spawners = jobs(any.workflowId(), any.step(), STEP);
			if (spawners.size() != 1) {
				// a group's jobs: which one spawned what is not recorded
				continue;
			}
			Long spawnerDone = spawners.get(0).finishedAt();
			for (StepJob job : spawned) {
				Long start = this.firstStart.get(job.id());
				if (start == null) {
					continue;
				}
				spawnedChecked++;
				if (spawnerDone == null || start < spawnerDone) {
					wrong.add(job.workflowId() + " spawned job " + job.id() + " of step " + job.step()
							+ " started before the job that spawned it had finished");
				}
			}
		}
		// the context of each execution named the workflow and step its job belongs to
		int mismatches = 0;
		int cutShort = 0;
		int ranAgain = 0;
		for (List<Run> ofJob : this.runs.values()) {
			if (ofJob.stream().map(Run::attempt).distinct().count() > 1) {
				ranAgain++;
			}
			for (Run run : ofJob) {
				if (run.endedAt() == null) {
					cutShort++;
				}
				StepJob job = this.jobs.get(run.jobId());
				if (job == null || !job.workflowId().equals(run.workflowId()) || !job.step().equals(run.step())) {
					mismatches++;
					wrong.add("execution of job " + run.jobId() + " (" + run.handler() + ") on " + run.nodeId()
							+ " was told workflow " + run.workflowId() + " step " + run.step() + ", the job is "
							+ ((job != null) ? job.workflowId() + " step " + job.step() : "of no workflow"));
				}
			}
		}
		return row(check, wrong.isEmpty() && ran > 0,
				edges + " edges; " + ran + " step job(s) ran, each after its parents' last job"
						+ ((closest != Long.MAX_VALUE) ? " (closest " + closest / 1000 + " ms)" : "") + "; "
						+ spawnedChecked + " spawned job(s) after their spawning job; " + ranAgain
						+ " workflow job(s) ran more than one attempt, " + cutShort
						+ " execution(s) of them never ended (killed with their node); "
						+ ((mismatches == 0) ? "every execution's context named its job's workflow and step"
								: mismatches + " execution(s) told another workflow or step")
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + examples(wrong)));
	}

	private Row checkCompensations() {
		String check = "each compensation ran exactly when its policy says (COMPENSATE, a step failed; for the steps"
				+ " that succeeded), after those of the steps after it, at most once per attempt";
		List<String> wrong = new ArrayList<>();
		int compensating = 0;
		int compensations = 0;
		int ordered = 0;
		int retried = 0;
		int withoutFailure = 0;
		int otherPolicy = 0;
		for (Flow flow : this.flows.values()) {
			Map<String, StepRow> ofFlow = this.steps.getOrDefault(flow.id(), Map.of());
			boolean failed = ofFlow.values()
				.stream()
				.anyMatch((step) -> step.status().equals("FAILED") || step.status().equals("CANCELLED"));
			boolean compensates = "COMPENSATE".equals(flow.policy()) && failed;
			Set<String> expected = new TreeSet<>();
			if (compensates) {
				compensating++;
				ofFlow.values()
					.stream()
					.filter((step) -> step.compensated() && step.status().equals("SUCCEEDED"))
					.forEach((step) -> expected.add(step.name()));
			}
			else if (ofFlow.values().stream().anyMatch(StepRow::compensated)) {
				if ("COMPENSATE".equals(flow.policy())) {
					withoutFailure++;
				}
				else {
					otherPolicy++;
				}
			}
			Map<String, StepJob> actual = new TreeMap<>();
			for (StepJob job : this.jobs.values()) {
				if (job.workflowId().equals(flow.id()) && COMPENSATION.equals(job.role())) {
					actual.put(job.step(), job);
				}
			}
			for (String step : actual.keySet()) {
				if (!expected.contains(step)) {
					StepRow row = ofFlow.get(step);
					wrong.add(flow.id() + " " + flow.name() + ": compensation of step " + step + " though "
							+ (!"COMPENSATE".equals(flow.policy()) ? "the policy is " + flow.policy() : !failed
									? "no step failed" : "the step is " + ((row != null) ? row.status() : "unknown")));
				}
			}
			for (String step : expected) {
				if (!actual.containsKey(step)) {
					wrong.add(flow.id() + " " + flow.name() + ": no compensation of step " + step);
				}
			}
			if (actual.isEmpty()) {
				continue;
			}
			// compensations start once every step is final, each after the compensations
			// of the steps after its step
			Long stepsDone = lastFinished(this.jobs.values()
				.stream()
				.filter((job) -> job.workflowId().equals(flow.id()) && !COMPENSATION.equals(job.role()))
				.toList());
			for (StepJob compensation : actual.values()) {
				compensations++;
				if (!compensation.status().equals("SUCCEEDED")) {
					wrong
						.add(flow.id() + ": compensation of step " + compensation.step() + " " + compensation.status());
				}
				Long start = this.firstStart.get(compensation.id());
				if (start == null) {
					if (compensation.status().equals("SUCCEEDED")) {
						wrong.add(flow.id() + ": compensation of step " + compensation.step() + " never started");
					}
					continue;
				}
				if (stepsDone == null || start < stepsDone) {
					wrong.add(flow.id() + ": compensation of step " + compensation.step()
							+ " started before every step had finished");
				}
				for (String descendant : descendants(flow.id(), compensation.step())) {
					StepJob after = actual.get(descendant);
					if (after == null) {
						continue;
					}
					ordered++;
					if (after.finishedAt() == null || start < after.finishedAt()) {
						wrong.add(flow.id() + ": compensation of step " + compensation.step()
								+ " started before that of step " + descendant + " (after it) had finished");
					}
				}
				// two executions of one attempt ran one compensation twice
				Map<Integer, List<String>> byAttempt = new TreeMap<>();
				for (Run run : this.runs.getOrDefault(compensation.id(), List.of())) {
					byAttempt.computeIfAbsent(run.attempt(), (attempt) -> new ArrayList<>()).add(run.nodeId());
				}
				if (byAttempt.size() > 1) {
					retried++;
				}
				byAttempt.forEach((attempt, nodes) -> {
					if (nodes.size() > 1) {
						wrong.add(flow.id() + ": compensation of step " + compensation.step() + " attempt " + attempt
								+ " ran " + nodes.size() + " times, on " + nodes);
					}
				});
			}
		}
		// an execution of the compensating handler belongs to a compensation job
		for (List<Run> ofJob : this.runs.values()) {
			for (Run run : ofJob) {
				StepJob job = this.jobs.get(run.jobId());
				if (run.handler().equals(ChaosHandlers.COMPENSATE)
						&& (job == null || !COMPENSATION.equals(job.role()))) {
					wrong.add("compensating handler ran for job " + run.jobId() + ", which is no compensation");
				}
			}
		}
		if (compensating == 0) {
			wrong.add("no workflow compensated");
		}
		return row(check, wrong.isEmpty(),
				compensating + " workflow(s) compensated: " + compensations + " compensation(s), " + retried
						+ " retried after a failed attempt, " + ordered
						+ " ordered pair(s) of compensations each in reverse order of their steps; none in "
						+ withoutFailure + " COMPENSATE workflow(s) where no step failed nor in " + otherPolicy
						+ " other workflow(s) whose steps had compensations"
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + examples(wrong)));
	}

	private Row checkNothingLeftBehind() {
		String check = "no step left BLOCKED whose parents are all final; no job left BLOCKED or PENDING in a final"
				+ " workflow; a cancelled step job never ran";
		List<String> wrong = new ArrayList<>();
		int blockedSteps = 0;
		for (Map.Entry<String, Map<String, StepRow>> workflow : this.steps.entrySet()) {
			for (StepRow step : workflow.getValue().values()) {
				if (!step.status().equals("BLOCKED")) {
					continue;
				}
				blockedSteps++;
				List<String> before = this.parents.getOrDefault(workflow.getKey(), Map.of())
					.getOrDefault(step.name(), List.of());
				boolean parentsFinal = before.stream().allMatch((parent) -> {
					StepRow row = workflow.getValue().get(parent);
					return row != null && FINAL_JOB.contains(row.status());
				});
				if (parentsFinal) {
					wrong.add(workflow.getKey() + " step " + step.name() + " BLOCKED though its parents " + before
							+ " are final");
				}
			}
		}
		int finalFlows = 0;
		for (Flow flow : this.flows.values()) {
			if (!flow.isFinal()) {
				continue;
			}
			finalFlows++;
			if (flow.unfinishedSteps() != 0) {
				wrong.add(flow.id() + " " + flow.status() + " with " + flow.unfinishedSteps() + " unfinished step(s)");
			}
			this.steps.getOrDefault(flow.id(), Map.of())
				.values()
				.stream()
				.filter((step) -> !FINAL_JOB.contains(step.status()))
				.forEach((step) -> wrong
					.add(flow.id() + " " + flow.status() + " with step " + step.name() + " " + step.status()));
		}
		int cancelled = 0;
		for (StepJob job : this.jobs.values()) {
			Flow flow = this.flows.get(job.workflowId());
			if (flow != null && flow.isFinal() && !FINAL_JOB.contains(job.status())) {
				wrong.add(flow.id() + " " + flow.status() + " with " + job.role() + " job " + job.id() + " (step "
						+ job.step() + ") " + job.status());
			}
			if (job.status().equals("CANCELLED")) {
				cancelled++;
				List<Run> ran = this.runs.getOrDefault(job.id(), List.of());
				if (!ran.isEmpty()) {
					wrong.add(job.workflowId() + " step " + job.step() + " job " + job.id() + " CANCELLED, but ran "
							+ ran.size() + " time(s), first on " + ran.get(0).nodeId());
				}
			}
		}
		return row(check, wrong.isEmpty(),
				finalFlows + " final workflow(s) with every step and job final and no unfinished step counted; "
						+ blockedSteps + " step(s) BLOCKED at the end, each with a parent not final; " + cancelled
						+ " cancelled job(s), none of which ran"
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + examples(wrong)));
	}

	private List<StepJob> jobs(String workflowId, String step, String... roles) {
		List<StepJob> found = new ArrayList<>();
		for (String role : roles) {
			found.addAll(this.jobsOfStep.getOrDefault(key(workflowId, step, role), List.of()));
		}
		return found;
	}

	// the latest finish of the jobs, or null when one of them has not finished
	private static Long lastFinished(List<StepJob> jobs) {
		long last = Long.MIN_VALUE;
		for (StepJob job : jobs) {
			if (job.finishedAt() == null) {
				return null;
			}
			last = Math.max(last, job.finishedAt());
		}
		return last;
	}

	private Set<String> descendants(String workflowId, String step) {
		Map<String, List<String>> after = this.children.getOrDefault(workflowId, Map.of());
		Set<String> found = new LinkedHashSet<>();
		Deque<String> next = new ArrayDeque<>(after.getOrDefault(step, List.of()));
		while (!next.isEmpty()) {
			String child = next.poll();
			if (found.add(child)) {
				next.addAll(after.getOrDefault(child, List.of()));
			}
		}
		return found;
	}

	private String stepStatuses(String workflowId) {
		return this.steps.getOrDefault(workflowId, Map.of())
			.values()
			.stream()
			.map((step) -> step.name() + " " + step.status())
			.collect(Collectors.joining(", "));
	}

	private static String key(String workflowId, String step, String role) {
		return workflowId + "|" + step + "|" + role;
	}

	// UUIDs as text, whatever case a driver or a column returns them in
	private static String id(String id) {
		return (id != null) ? id.toLowerCase(Locale.ROOT) : null;
	}

	private static Long longOrNull(java.sql.ResultSet rs, String column) throws java.sql.SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static Integer parseInt(String json) {
		if (json == null) {
			return null;
		}
		try {
			return Integer.valueOf(json.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static Row row(String check, boolean passed, String detail) {
		return new Row(check, passed ? Result.PASS : Result.FAIL, detail);
	}

	private static String examples(List<String> items) {
		return items.stream().limit(3).collect(Collectors.joining(" | ")) + ((items.size() > 3) ? " ..." : "");
	}

}
