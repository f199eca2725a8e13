package dev.taskflow.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.chaos.ChaosRun.Disruption;
import dev.taskflow.chaos.ChaosRun.KillRescue;
import dev.taskflow.chaos.ChaosRun.Kind;
import dev.taskflow.chaos.ChaosRun.Stop;

/**
 * What the harness checks once a run is over, from the database (jobs, the executions the
 * handlers recorded, the leases it sampled) and the nodes' logs; printed as a table.
 *
 * @author TaskFlow
 */
final class Checks {

	// FailureLog's first line of an outage
	private static final Pattern OUTAGE_WARNING = Pattern
		.compile("\\bWARN\\b.*TaskFlow could not (.+?), will keep trying");

	private static final Pattern DEAD_NODE = Pattern
		.compile("TaskFlow node (\\S+) on .* stopped sending heartbeats \\(last at (\\S+)\\)");

	private static final Pattern LEVEL = Pattern
		.compile("\\s(WARN|ERROR)\\s+\\d+\\s+---\\s+\\[.*?\\]\\s+\\[.*?\\]\\s+(\\S+)");

	private static final Pattern LISTENER_THREW = Pattern
		.compile(ThrowingListener.THREW + " job=(\\S+) attempt=(\\d+)");

	/**
	 * What the error of a job whose result could not be stored must say.
	 */
	static final Pattern NOT_STORED = Pattern
		.compile("(?i)\\b(could not|cannot|can't|unable to|failed to)( be)? stor(e|ed)\\b");

	private final ChaosSettings settings;

	private final JdbcTemplate jdbc;

	private final ChaosDatabase database;

	private final List<NodeProcess> nodes;

	private final List<Disruption> disruptions;

	private final List<KillRescue> kills;

	private final List<Stop> stops;

	private final Map<String, Long> leases;

	private final Map<String, Feeder.Expected> enqueued;

	private final List<String> notExercised;

	private final String unstorableSkipped;

	private final long tickFrom;

	private final long tickTo;

	private final boolean drained;

	private final WorkflowChecks workflows;

	private final List<ChaosRun.Drain> drains;

	private final List<Integer> deployNodesUp;

	private final List<Row> rows = new ArrayList<>();

	// overlaps no kill, stop or outage explains, by the node of the earlier execution
	private final Map<String, Integer> unexplainedOverlaps = new TreeMap<>();

	Checks(ChaosSettings settings, JdbcTemplate jdbc, ChaosDatabase database, List<NodeProcess> nodes,
			List<Disruption> disruptions, List<KillRescue> kills, List<Stop> stops, Map<String, Long> leases,
			Map<String, Feeder.Expected> enqueued, List<String> notExercised, String unstorableSkipped, long tickFrom,
			long tickTo, boolean drained, WorkflowChecks workflows, List<ChaosRun.Drain> drains,
			List<Integer> deployNodesUp) {
		this.settings = settings;
		this.jdbc = jdbc;
		this.database = database;
		this.nodes = List.copyOf(nodes);
		this.disruptions = disruptions;
		this.kills = kills;
		this.stops = stops;
		this.leases = leases;
		this.enqueued = enqueued;
		this.notExercised = notExercised;
		this.unstorableSkipped = unstorableSkipped;
		this.tickFrom = tickFrom;
		this.tickTo = tickTo;
		this.drained = drained;
		this.workflows = workflows;
		this.drains = drains;
		this.deployNodesUp = deployNodesUp;
	}

	record Job(String id, String handler, String status, int attempt, int maxAttempts, String lastError, long createdAt,
			String scheduleName, Long fireTime) {
	}

	record Execution(String id, String jobId, String handler, int attempt, String nodeId, long startedAt, Long endedAt,
			String outcome, long localStartedAt) {

		String attemptKey() {
			return this.jobId + "|" + this.attempt;
		}

		boolean ranToAnEnd() {
			return "succeeded".equals(this.outcome) || "failed".equals(this.outcome);
		}

	}

	/**
	 * A row of TaskFlow's attempt history: written with the outcome of an attempt, or by
	 * the rescue of a job whose lease expired.
	 */
	record Attempt(String jobId, int attempt, String nodeId, String outcome, Long finishedAt) {
	}

	enum Result {

		PASS, FAIL, NOT_EXERCISED

	}

	record Row(String check, Result result, String detail) {
	}

	/**
	 * The outcome of a run.
	 *
	 * @param rows every check
	 * @param table the printed table
	 */
	record Report(List<Row> rows, String table) {

		boolean passed() {
			return this.rows.stream().noneMatch((row) -> row.result() == Result.FAIL);
		}

	}

	Report run(PrintStream out) {
		Map<String, Job> jobs = new LinkedHashMap<>();
		this.jdbc.query("SELECT id, handler, status, attempt, max_attempts, last_error, "
				+ this.database.micros("created_at") + " AS created, schedule_name, "
				+ this.database.micros("fire_time") + " AS fire FROM taskflow_job", (rs) -> {
					long fire = rs.getLong("fire");
					Long fireTime = rs.wasNull() ? null : fire;
					jobs.put(rs.getString("id"),
							new Job(rs.getString("id"), rs.getString("handler"), rs.getString("status"),
									rs.getInt("attempt"), rs.getInt("max_attempts"), rs.getString("last_error"),
									rs.getLong("created"), rs.getString("schedule_name"), fireTime));
				});
		List<Execution> recorded = this.jdbc.query("SELECT * FROM chaos_execution", (rs, i) -> {
			long ended = rs.getLong("ended_at");
			Long endedAt = rs.wasNull() ? null : ended;
			return new Execution(rs.getString("execution_id"), rs.getString("job_id"), rs.getString("handler"),
					rs.getInt("attempt"), rs.getString("node_id"), rs.getLong("started_at"), endedAt,
					rs.getString("outcome"), rs.getLong("local_started_at"));
		});
		List<Execution> executions = startedWhenTheyStarted(recorded);
		Map<String, List<Attempt>> attempts = new HashMap<>();
		this.jdbc.query("SELECT job_id, attempt, node_id, outcome, " + this.database.micros("finished_at")
				+ " AS finished FROM taskflow_attempt", (rs) -> {
					long finished = rs.getLong("finished");
					Long finishedAt = rs.wasNull() ? null : finished;
					Attempt attempt = new Attempt(rs.getString("job_id"), rs.getInt("attempt"), rs.getString("node_id"),
							rs.getString("outcome"), finishedAt);
					attempts.computeIfAbsent(attempt.jobId() + "|" + attempt.attempt(), (key) -> new ArrayList<>())
						.add(attempt);
				});
		Map<String, List<Execution>> byJob = executions.stream()
			.collect(Collectors.groupingBy(Execution::jobId, LinkedHashMap::new, Collectors.toList()));
		Map<String, NodeProcess> nodesById = new HashMap<>();
		this.nodes.forEach((node) -> nodesById.put(node.id(), node));

		checkEnqueuedJobsExist(jobs);
		checkTerminalStates(jobs, byJob);
		checkAttemptNumbers(byJob);
		checkDelayedJobs(jobs, byJob);
		checkOverlaps(byJob, nodesById, attempts);
		checkTicks(jobs);
		checkRescues();
		checkGracefulStops();
		Map<String, Map<String, Integer>> warnings = checkNodesKeptWorking(executions, nodesById);
		checkNodeTable();
		checkSkew(recorded);
		checkRestart();
		checkUnstorableResults(jobs, executions, attempts, nodesById);
		checkAutoCommitOff(executions, attempts, nodesById);
		checkThrowingListener(jobs, byJob, nodesById);
		this.rows.addAll(this.workflows.run());
		checkCheckpointedJobs();
		checkRollingDeploys(jobs, executions);

		StringBuilder table = new StringBuilder();
		table.append("\n=== TaskFlow chaos run on ")
			.append(this.database)
			.append(", seed ")
			.append(this.settings.seed())
			.append(": ")
			.append(jobs.size())
			.append(" jobs, ")
			.append(executions.size())
			.append(" executions ===\n\n");
		appendTable(table, List.of("check", "result", "details"),
				this.rows.stream().map((row) -> List.of(row.check(), row.result().toString(), row.detail())).toList());
		table.append("\ndisruptions:\n");
		appendTable(table, List.of("kind", "node", "at (s into run)", "details"),
				this.disruptions.stream()
					.map((d) -> List.of(d.kind().toString(), (d.node() != null) ? d.node() : "all",
							String.format("%.1f", (d.at() - this.tickFrom + 2_000_000) / 1e6), d.note()))
					.toList());
		table.append("\nnodes:\n");
		Map<String, Long> executionsByNode = executions.stream()
			.collect(Collectors.groupingBy(Execution::nodeId, TreeMap::new, Collectors.counting()));
		List<List<String>> nodeRows = new ArrayList<>();
		for (NodeProcess node : this.nodes) {
			Map<String, Integer> counts = warnings.getOrDefault(node.id(), Map.of());
			List<String> traits = new ArrayList<>();
			if (node.skew() != null) {
				traits.add("clock " + node.skew());
			}
			if (node.autoCommitOff()) {
				traits.add("auto-commit off");
			}
			nodeRows.add(List.of(node.id(), String.join(", ", traits), node.fate().toString(),
					String.valueOf(node.exitCode()), String.valueOf(executionsByNode.getOrDefault(node.id(), 0L)),
					counts.entrySet()
						.stream()
						.map((e) -> e.getKey() + " x" + e.getValue())
						.collect(Collectors.joining(", "))));
		}
		appendTable(table, List.of("node", "traits", "fate", "exit", "executions", "WARN/ERROR lines by logger"),
				nodeRows);
		for (String reason : this.notExercised) {
			table.append(reason).append('\n');
		}
		Report report = new Report(List.copyOf(this.rows), table.toString());
		out.println(report.table());
		out.println(report.passed() ? "=== CHAOS RUN PASSED ===" : "=== CHAOS RUN FAILED ===");
		return report;
	}

	/**
	 * An execution's start row may reach the database late (its node was cut off and
	 * retried the write), which would make it look later than it was and hide an overlap.
	 * Each execution starts at the earlier of its recorded start and its node's own clock
	 * reading, moved onto the database's clock by that node's typical offset (minutes on
	 * the skewed node, about nothing on the others).
	 * @param recorded the executions as recorded
	 * @return the executions with their earliest start, in order of it
	 */
	private static List<Execution> startedWhenTheyStarted(List<Execution> recorded) {
		Map<String, Long> offsets = new HashMap<>();
		recorded.stream()
			.collect(Collectors.groupingBy(Execution::nodeId,
					Collectors.mapping((e) -> e.localStartedAt() - e.startedAt(), Collectors.toList())))
			.forEach((node, values) -> offsets.put(node, values.stream().sorted().toList().get(values.size() / 2)));
		return recorded.stream()
			.map((e) -> new Execution(e.id(), e.jobId(), e.handler(), e.attempt(), e.nodeId(),
					Math.min(e.startedAt(), e.localStartedAt() - offsets.get(e.nodeId())), e.endedAt(), e.outcome(),
					e.localStartedAt()))
			.sorted(byStart())
			.toList();
	}

	private void add(String check, boolean passed, String detail) {
		this.rows.add(new Row(check, passed ? Result.PASS : Result.FAIL, detail));
	}

	private void checkEnqueuedJobsExist(Map<String, Job> jobs) {
		List<String> missing = this.enqueued.keySet().stream().filter((id) -> !jobs.containsKey(id)).toList();
		add("every enqueued job is stored", missing.isEmpty(), this.enqueued.size() + " enqueued by the feeder, "
				+ missing.size() + " missing" + (missing.isEmpty() ? "" : ": " + first(missing)));
	}

	private void checkTerminalStates(Map<String, Job> jobs, Map<String, List<Execution>> byJob) {
		Map<String, Integer> counts = new TreeMap<>();
		List<String> wrong = new ArrayList<>();
		List<String> neverRan = new ArrayList<>();
		for (Job job : jobs.values()) {
			counts.merge(job.handler() + " " + job.status(), 1, Integer::sum);
			String expected = expectedStatus(job.handler());
			if (!job.status().equals(expected)) {
				wrong.add(job.id() + " " + job.handler() + " " + job.status() + " attempt " + job.attempt() + " ("
						+ job.lastError() + ")");
			}
			// a stop that interrupted an attempt gave the job one more in all
			else if (alwaysFails(job.handler())
					&& !(job.attempt() == job.maxAttempts() && job.maxAttempts() >= ChaosHandlers.FAIL_MAX_ATTEMPTS
							&& job.lastError() != null && (job.lastError().contains(ChaosHandlers.FAILURE)
									|| job.lastError().contains("Lease expired")))) {
				wrong.add(job.id() + " FAILED at attempt " + job.attempt() + ": " + job.lastError());
			}
			// the outcome stored is that of the attempt that owned the job: fenced, so
			// never one of a stale attempt
			// (a handler whose result cannot be stored returned it: its execution
			// succeeded)
			String finalOutcome = alwaysFails(job.handler()) ? "failed" : "succeeded";
			boolean lostWithItsNode = alwaysFails(job.handler()) && job.lastError() != null
					&& job.lastError().contains("Lease expired");
			// a step cancelled before it ran has no execution (WorkflowChecks makes sure)
			boolean cancelled = expected.equals("CANCELLED");
			if (!lostWithItsNode && !cancelled
					&& byJob.getOrDefault(job.id(), List.of())
						.stream()
						.noneMatch((e) -> finalOutcome.equals(e.outcome()) && e.attempt() == job.attempt())) {
				neverRan.add(job.id() + " " + job.handler() + " " + job.status() + " at attempt " + job.attempt());
			}
		}
		add("every job reached its expected terminal state (none lost, none stuck)",
				wrong.isEmpty() && jobs.size() > 0 && this.drained, (this.drained ? "" : "NOT DRAINED; ") + counts
						+ (wrong.isEmpty() ? "" : "; wrong: " + wrong.size() + " e.g. " + first(wrong)));
		add("every finished job's outcome is that of its last attempt's recorded execution", neverRan.isEmpty(),
				neverRan.isEmpty() ? "yes" : neverRan.size() + " without: " + first(neverRan));
	}

	/**
	 * The status each job must end in: {@code FAILED} for the always-failing handlers (a
	 * job's and a workflow step's) and for a result the database cannot store,
	 * {@code CANCELLED} for a workflow step after a step that fails for good,
	 * {@code SUCCEEDED} for everything else.
	 * @param handler the job's handler
	 * @return the status
	 */
	static String expectedStatus(String handler) {
		if (alwaysFails(handler) || handler.equals(ChaosHandlers.UNSTORABLE)) {
			return "FAILED";
		}
		return handler.equals(ChaosHandlers.NEVER) ? "CANCELLED" : "SUCCEEDED";
	}

	/**
	 * Whether every attempt of a handler fails ({@link ChaosHandlers#FAILURE}).
	 * @param handler the handler
	 * @return whether it always fails
	 */
	static boolean alwaysFails(String handler) {
		return handler.equals(ChaosHandlers.FAIL) || handler.equals(ChaosHandlers.STEP_FAIL);
	}

	private void checkAttemptNumbers(Map<String, List<Execution>> byJob) {
		List<String> reused = new ArrayList<>();
		int executions = 0;
		for (List<Execution> runs : byJob.values()) {
			executions += runs.size();
			Map<Integer, List<String>> nodesByAttempt = new TreeMap<>();
			runs.forEach((run) -> nodesByAttempt.computeIfAbsent(run.attempt(), (attempt) -> new ArrayList<>())
				.add(run.nodeId()));
			nodesByAttempt.forEach((attempt, nodes) -> {
				if (nodes.size() > 1) {
					reused.add(runs.get(0).jobId() + " attempt " + attempt + " ran on " + nodes);
				}
			});
		}
		// the fence tells outcomes apart by attempt number: two executions under one
		// number could have the stale one's outcome stored
		add("no attempt number was given to two executions", reused.isEmpty(),
				executions + " executions" + (reused.isEmpty() ? ", each under its own number"
						: "; " + reused.size() + " reused, e.g. " + first(reused)));
	}

	private void checkDelayedJobs(Map<String, Job> jobs, Map<String, List<Execution>> byJob) {
		int checked = 0;
		List<String> early = new ArrayList<>();
		for (Map.Entry<String, Feeder.Expected> entry : this.enqueued.entrySet()) {
			Job job = jobs.get(entry.getKey());
			List<Execution> runs = byJob.get(entry.getKey());
			if (job == null || runs == null || entry.getValue().delayMillis() == 0) {
				continue;
			}
			checked++;
			long due = job.createdAt() + entry.getValue().delayMillis() * 1000;
			long first = runs.get(0).startedAt();
			if (first < due) {
				early.add(job.id() + " ran " + (due - first) / 1000 + " ms early on " + runs.get(0).nodeId());
			}
		}
		add("no delayed job started before it was due (database clock)", early.isEmpty() && checked > 0,
				checked + " delayed jobs" + (early.isEmpty() ? ", none early" : "; early: " + first(early)));
	}

	private void checkOverlaps(Map<String, List<Execution>> byJob, Map<String, NodeProcess> nodesById,
			Map<String, List<Attempt>> attempts) {
		Map<String, Integer> explained = new TreeMap<>();
		List<String> violations = new ArrayList<>();
		List<String> examples = new ArrayList<>();
		int duplicates = 0;
		for (List<Execution> runs : byJob.values()) {
			for (int i = 0; i < runs.size(); i++) {
				Execution earlier = runs.get(i);
				for (int j = i + 1; j < runs.size(); j++) {
					Execution later = runs.get(j);
					boolean overlaps = earlier.endedAt() == null || later.startedAt() < earlier.endedAt();
					if (!overlaps) {
						continue;
					}
					duplicates++;
					NodeProcess node = nodesById.get(earlier.nodeId());
					Long lease = this.leases.get(earlier.jobId() + "|" + earlier.attempt() + "|" + earlier.nodeId());
					Attempt stored = storedBy(earlier, attempts);
					String cause = cause(earlier, later, node, stored, attempts);
					boolean released = cause.startsWith("released") || cause.startsWith("outcome stored");
					if (!released && lease != null && later.startedAt() < lease) {
						violations.add("job " + earlier.jobId() + ": attempt " + later.attempt() + " on "
								+ later.nodeId() + " started " + (lease - later.startedAt()) / 1000
								+ " ms before the lease of attempt " + earlier.attempt() + " on " + earlier.nodeId()
								+ " expired");
					}
					if (cause.startsWith("UNEXPLAINED")) {
						this.unexplainedOverlaps.merge(earlier.nodeId(), 1, Integer::sum);
						violations.add("job " + earlier.jobId() + " attempts " + earlier.attempt() + "@"
								+ earlier.nodeId() + " and " + later.attempt() + "@" + later.nodeId() + ": " + cause);
					}
					explained.merge(cause.replaceAll(" at .*", ""), 1, Integer::sum);
					if (examples.size() < 3) {
						examples.add(earlier.jobId().substring(0, 8) + " " + earlier.attempt() + "@" + earlier.nodeId()
								+ " then " + later.attempt() + "@" + later.nodeId() + " +"
								+ (later.startedAt() - earlier.startedAt()) / 1000 + " ms: " + cause);
					}
				}
			}
		}
		add("no job ran on two nodes at once while its lease was valid", violations.isEmpty(),
				this.leases.size() + " leases sampled; " + rejectedOutcomes()
						+ " stale outcome(s) rejected by the fence; " + duplicates
						+ " overlapping execution(s), each explained: " + explained
						+ (violations.isEmpty() ? "" : "; VIOLATIONS: " + first(violations))
						+ (examples.isEmpty() ? "" : "; e.g. " + String.join(" | ", examples)));
	}

	private long rejectedOutcomes() {
		long rejected = 0;
		for (NodeProcess node : this.nodes) {
			try {
				rejected += Files.readAllLines(node.log(), StandardCharsets.UTF_8)
					.stream()
					.filter((line) -> line.contains("rejected: that attempt no longer owns the job"))
					.count();
			}
			catch (IOException ex) {
				// counted as none
			}
		}
		return rejected;
	}

	// the history row the earlier attempt's own node wrote for it, if any: its outcome
	// (or its release) ended the attempt's lease when it was stored
	private static Attempt storedBy(Execution execution, Map<String, List<Attempt>> attempts) {
		return attempts.getOrDefault(execution.attemptKey(), List.of())
			.stream()
			.filter((a) -> execution.nodeId().equals(a.nodeId()) && !"LEASE_EXPIRED".equals(a.outcome()))
			.findFirst()
			.orElse(null);
	}

	private static String attemptOutcomes(Execution execution, Map<String, List<Attempt>> attempts) {
		List<String> rows = attempts.getOrDefault(execution.attemptKey(), List.of())
			.stream()
			.map((a) -> a.outcome() + "@" + a.nodeId())
			.toList();
		return rows.isEmpty() ? "none" : String.join(", ", rows);
	}

	private String cause(Execution earlier, Execution later, NodeProcess node, Attempt stored,
			Map<String, List<Attempt>> attempts) {
		if (stored != null && "RELEASED".equals(stored.outcome())) {
			// a node that stops releases what it still runs once shutdown.await is over;
			// the handler may go on until the process exits
			if (stored.finishedAt() != null && this.drains.stream()
				.anyMatch(
						(drain) -> drain.node().equals(earlier.nodeId()) && stored.finishedAt() <= drain.stoppedAt())) {
				return "released by the drain of " + earlier.nodeId();
			}
			return "released by " + ((node != null && node.fate() != NodeProcess.Fate.RUNNING)
					? "SIGTERM of " + earlier.nodeId() : earlier.nodeId());
		}
		if (stored != null && stored.finishedAt() != null && stored.finishedAt() <= later.startedAt()) {
			// the handler had returned when its outcome was stored: only the execution
			// record's end is missing or late (its write gave up in an outage)
			return "outcome stored before the later start (the execution record of " + earlier.nodeId()
					+ " lost its end)";
		}
		if (node != null && earlier.endedAt() == null && node.fate() == NodeProcess.Fate.KILLED
				&& node.endedAt() != null && node.endedAt() >= earlier.startedAt()) {
			return "SIGKILL of " + node.id() + " (lease expired)";
		}
		if ("interrupted".equals(earlier.outcome()) || (earlier.endedAt() == null && node != null
				&& (node.fate() == NodeProcess.Fate.TERMINATED || node.fate() == NodeProcess.Fate.STOPPED))) {
			return "released by SIGTERM of " + earlier.nodeId();
		}
		long leaseMicros = ChaosSettings.micros(ChaosSettings.LEASE);
		for (Disruption disruption : this.disruptions) {
			boolean outage = disruption.kind() == Kind.CONNECTION_KILL || disruption.kind() == Kind.DB_RESTART;
			if (outage && disruption.at() >= earlier.startedAt() - leaseMicros
					&& disruption.at() <= later.startedAt()) {
				return "lease lost in " + disruption.kind() + " at "
						+ String.format("%.1f s", (disruption.at() - this.tickFrom + 2_000_000) / 1e6);
			}
		}
		String history = attemptOutcomes(earlier, attempts);
		return "UNEXPLAINED (no kill, stop or outage of " + earlier.nodeId() + " between the two starts; attempt "
				+ earlier.attempt() + " in the history: " + history + ")";
	}

	private void checkTicks(Map<String, Job> jobs) {
		long period = 1_000_000;
		long from = ((this.tickFrom + period - 1) / period) * period;
		long to = (this.tickTo / period) * period;
		Map<Long, Integer> perFireTime = new TreeMap<>();
		for (Job job : jobs.values()) {
			if (ChaosNode.TICK.equals(job.scheduleName()) && job.fireTime() != null) {
				perFireTime.merge(job.fireTime(), 1, Integer::sum);
			}
		}
		List<String> wrong = new ArrayList<>();
		int expected = 0;
		for (long fire = from; fire <= to; fire += period) {
			expected++;
			int count = perFireTime.getOrDefault(fire, 0);
			if (count != 1) {
				wrong.add(String.format("%.0f s into the run: %d job(s)", (fire - this.tickFrom + 2_000_000) / 1e6,
						count));
			}
		}
		long offGrid = perFireTime.keySet().stream().filter((fire) -> fire % period != 0).count();
		add("every tick of " + ChaosNode.TICK + " (every 1s) produced exactly one job", wrong.isEmpty() && offGrid == 0,
				expected + " fire times in the window, " + (expected - wrong.size()) + " with exactly one job"
						+ (wrong.isEmpty() ? "" : "; wrong: " + first(wrong))
						+ ((offGrid == 0) ? "" : "; " + offGrid + " fire time(s) off the 1 s grid"));
	}

	private void checkRescues() {
		long bound = ChaosSettings.micros(ChaosSettings.LEASE.plus(ChaosSettings.HEARTBEAT));
		long slack = ChaosSettings.micros(ChaosSettings.RESCUE_SLACK);
		if (this.kills.isEmpty()) {
			this.rows.add(new Row("SIGKILL: jobs rescued within lease + heartbeat", Result.NOT_EXERCISED, "no kill"));
			return;
		}
		List<String> details = new ArrayList<>();
		boolean passed = true;
		for (KillRescue kill : this.kills) {
			long slowest = kill.rescueMicros().values().stream().mapToLong(Long::longValue).max().orElse(0);
			boolean missing = kill.rescueMicros().containsValue(-1L);
			boolean ok = !missing && slowest <= bound + slack;
			passed &= ok;
			details.add(kill.node() + ": " + kill.executionsInFlight() + " in flight, " + kill.rescueMicros().size()
					+ " held, slowest rescue " + (missing ? "NEVER" : slowest / 1000 + " ms"));
		}
		add("SIGKILL: held jobs rescued within lease + heartbeat (" + bound / 1000 + " ms) + " + slack / 1000
				+ " ms slack", passed, String.join("; ", details));
		boolean midJob = this.kills.stream().anyMatch((kill) -> kill.executionsInFlight() > 0);
		add("SIGKILL hit a node mid-job", midJob, midJob ? "yes" : "no kill found an execution in flight");
	}

	private void checkGracefulStops() {
		if (this.stops.isEmpty()) {
			this.rows.add(new Row("SIGTERM: node stops within shutdown.await and releases its jobs",
					Result.NOT_EXERCISED, "no stop"));
			return;
		}
		// the context closes, the completions flush (at most 10 s) after the await
		long bound = ChaosSettings.micros(ChaosSettings.SHUTDOWN_AWAIT) + 15_000_000;
		boolean passed = this.stops.stream()
			.allMatch((stop) -> stop.exitedMicros() >= 0 && stop.exitedMicros() <= bound && stop.leftRunning() == 0);
		add("SIGTERM: node exits within shutdown.await (" + ChaosSettings.SHUTDOWN_AWAIT.toMillis()
				+ " ms) + 15 s and leaves no job RUNNING", passed,
				this.stops.stream()
					.map((stop) -> stop.node() + " exited after " + stop.exitedMicros() / 1000 + " ms, "
							+ stop.leftRunning() + " left RUNNING")
					.collect(Collectors.joining("; ")));
	}

	private Map<String, Map<String, Integer>> checkNodesKeptWorking(List<Execution> executions,
			Map<String, NodeProcess> nodesById) {
		// every node up at a disruption that stayed up well after it ran jobs after it
		List<String> stalled = new ArrayList<>();
		long worstGap = 0;
		for (Disruption disruption : this.disruptions) {
			long after = disruption.endedAt();
			for (NodeProcess node : this.nodes) {
				if (node.id().equals(disruption.node()) || !node.wasUpAt(disruption.at())
						|| (node.endedAt() != null && node.endedAt() < after + 20_000_000)) {
					continue;
				}
				long firstAfter = executions.stream()
					.filter((e) -> e.nodeId().equals(node.id()) && e.startedAt() > after)
					.mapToLong(Execution::startedAt)
					.min()
					.orElse(-1);
				if (firstAfter < 0) {
					stalled.add(node.id() + " ran nothing after " + disruption.kind());
				}
				else {
					worstGap = Math.max(worstGap, firstAfter - after);
				}
			}
		}
		List<String> died = this.nodes.stream()
			.filter((node) -> node.fate() == NodeProcess.Fate.DIED)
			.map((node) -> node.id() + " exit " + node.exitCode())
			.toList();
		Map<String, Map<String, Integer>> warnings = new LinkedHashMap<>();
		Map<String, Map<String, Integer>> outageWarnings = new LinkedHashMap<>();
		List<String> threadDeaths = new ArrayList<>();
		for (NodeProcess node : this.nodes) {
			Map<String, Integer> byLogger = new TreeMap<>();
			Map<String, Integer> byActivity = new TreeMap<>();
			try {
				for (String line : Files.readAllLines(node.log(), StandardCharsets.UTF_8)) {
					Matcher level = LEVEL.matcher(line);
					if (level.find()) {
						byLogger.merge(level.group(1) + " " + level.group(2), 1, Integer::sum);
					}
					Matcher outage = OUTAGE_WARNING.matcher(line);
					if (outage.find()) {
						byActivity.merge(outage.group(1), 1, Integer::sum);
					}
					if (line.startsWith("Exception in thread")) {
						threadDeaths.add(node.id() + ": " + line);
					}
				}
			}
			catch (IOException ex) {
				threadDeaths.add(node.id() + ": log unreadable: " + ex.getMessage());
			}
			warnings.put(node.id(), byLogger);
			outageWarnings.put(node.id(), byActivity);
		}
		add("no node died, no thread died", died.isEmpty() && threadDeaths.isEmpty(),
				(died.isEmpty() ? "no unexpected exit" : "died: " + died)
						+ (threadDeaths.isEmpty() ? ", no uncaught exception" : "; " + first(threadDeaths)));
		add("every surviving node ran jobs after each disruption", stalled.isEmpty(), stalled.isEmpty()
				? "slowest first job after a disruption: " + worstGap / 1000 + " ms" : first(stalled));
		// FailureLog warns once when an outage starts: never more often than the outages
		// a node lived through
		List<String> tooMany = new ArrayList<>();
		List<String> seen = new ArrayList<>();
		for (NodeProcess node : this.nodes) {
			long outages = this.disruptions.stream()
				.filter((d) -> (d.kind() == Kind.CONNECTION_KILL || d.kind() == Kind.DB_RESTART)
						&& node.wasUpAt(d.at()))
				.count();
			Map<String, Integer> byActivity = outageWarnings.get(node.id());
			byActivity.forEach((activity, count) -> {
				if (count > outages) {
					tooMany.add(node.id() + " '" + activity + "' x" + count + " for " + outages + " outage(s)");
				}
			});
			if (!byActivity.isEmpty()) {
				seen.add(node.id() + " (" + outages + " outages) " + byActivity);
			}
		}
		add("outage errors logged once per outage, not per poll", tooMany.isEmpty(),
				(tooMany.isEmpty() ? "" : "TOO MANY: " + String.join("; ", tooMany) + "; ") + "'TaskFlow could not"
						+ " ...' warnings: " + (seen.isEmpty() ? "none" : String.join("; ", seen)));
		return warnings;
	}

	private void checkSkew(List<Execution> executions) {
		List<String> skewed = this.nodes.stream().filter((node) -> node.skew() != null).map(NodeProcess::id).toList();
		if (skewed.isEmpty()) {
			this.rows.add(new Row("a node with its clock " + ChaosSettings.SKEW + " changes nothing",
					Result.NOT_EXERCISED, "libfaketime not available: CLOCK SKEW NOT EXERCISED"));
			return;
		}
		List<Long> offsets = executions.stream()
			.filter((e) -> skewed.contains(e.nodeId()))
			.map((e) -> e.localStartedAt() - e.startedAt())
			.sorted()
			.toList();
		long median = offsets.isEmpty() ? 0 : offsets.get(offsets.size() / 2);
		boolean skewReal = Math.abs(median) > 60_000_000;
		add("a node with its clock " + ChaosSettings.SKEW + " changes nothing (all checks above include it)",
				skewReal && !offsets.isEmpty(),
				skewed + " ran " + offsets.size() + " executions; their clock minus the database's: "
						+ String.format("%+.1f s", median / 1e6) + (skewReal ? "" : " (SKEW NOT EFFECTIVE)"));
	}

	private void checkNodeTable() {
		// a node stopped with SIGTERM leaves the node table at its stop: it is never
		// reported dead with a heartbeat from after its stop, never registers again, and
		// has no row at the end. (A live node cut off by an outage may be presumed dead
		// and register again: that is no finding.)
		Map<String, Long> graceful = new HashMap<>();
		this.nodes.stream()
			.filter((node) -> node.fate() == NodeProcess.Fate.TERMINATED || node.fate() == NodeProcess.Fate.STOPPED)
			.forEach((node) -> graceful.put(node.id(), node.endedAt()));
		List<String> wrong = new ArrayList<>();
		for (NodeProcess node : this.nodes) {
			try {
				boolean stopped = false;
				for (String line : Files.readAllLines(node.log(), StandardCharsets.UTF_8)) {
					Matcher dead = DEAD_NODE.matcher(line);
					if (dead.find() && graceful.containsKey(dead.group(1))) {
						long lastHeartbeat = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(dead.group(2)));
						if (lastHeartbeat >= graceful.get(dead.group(1))) {
							wrong.add(node.id() + " reported " + dead.group(1) + " dead with a heartbeat from after its"
									+ " graceful stop");
						}
					}
					if (line.contains("TaskFlow node " + node.id() + " stopped")) {
						stopped = true;
					}
					else if (stopped && line.contains("presumed dead by another node")) {
						wrong.add(node.id() + " registered again after it had stopped: " + line.substring(0, 24));
					}
				}
			}
			catch (IOException | RuntimeException ex) {
				wrong.add(node.id() + ": log unreadable: " + ex.getMessage());
			}
		}
		// a node that left keeps its row for an hour, marked departed (the dashboard
		// lists it)
		List<String> rows = this.jdbc.queryForList("SELECT id FROM taskflow_node WHERE departed_at IS NULL",
				String.class);
		rows.stream().filter(graceful::containsKey).forEach((id) -> wrong.add(id + " still live in taskflow_node"));
		add("a node stopped with SIGTERM leaves the node table for good", wrong.isEmpty(),
				graceful.size() + " graceful stops"
						+ (wrong.isEmpty() ? ", none reported dead or registered again" : ": " + first(wrong)));
	}

	private void checkRestart() {
		Disruption restart = this.disruptions.stream()
			.filter((d) -> d.kind() == Kind.DB_RESTART)
			.findFirst()
			.orElse(null);
		if (restart == null) {
			this.rows.add(new Row("database server restarted once", Result.NOT_EXERCISED,
					"DATABASE RESTART NOT EXERCISED: " + this.database.noRestartReason(this.settings.restartServer())));
		}
		else {
			add("database server restarted once", restart.note().startsWith("restart command exit 0"), restart.note());
		}
	}

	private void checkUnstorableResults(Map<String, Job> jobs, List<Execution> executions,
			Map<String, List<Attempt>> attempts, Map<String, NodeProcess> nodesById) {
		String check = "a result the database cannot store fails its own job (FAILED, saying so), never stuck,"
				+ " and holds up none of its node's other outcomes";
		if (this.unstorableSkipped != null) {
			this.rows.add(new Row(check, Result.NOT_EXERCISED, this.unstorableSkipped));
			return;
		}
		List<Job> unstorable = jobs.values()
			.stream()
			.filter((job) -> job.handler().equals(ChaosHandlers.UNSTORABLE))
			.toList();
		Map<String, Integer> statuses = new TreeMap<>();
		List<String> wrong = new ArrayList<>();
		for (Job job : unstorable) {
			statuses.merge(job.status(), 1, Integer::sum);
			if (!job.status().equals("FAILED")) {
				wrong.add(job.id() + " " + job.status() + " at attempt " + job.attempt());
			}
			else if (job.lastError() == null || !NOT_STORED.matcher(job.lastError()).find()) {
				wrong.add(job.id() + " FAILED without saying its result could not be stored: " + job.lastError());
			}
		}
		// every node that got an unstorable result from its handler must still write the
		// outcomes of the attempts that ended after it: a node whose completion batches
		// freeze writes none (a rescue writes them off once their leases lapse)
		Map<String, Long> firstUnstorable = new TreeMap<>();
		executions.stream()
			.filter((e) -> e.handler().equals(ChaosHandlers.UNSTORABLE) && "succeeded".equals(e.outcome()))
			.forEach((e) -> firstUnstorable.merge(e.nodeId(), e.endedAt(), Math::min));
		List<String> perNode = new ArrayList<>();
		firstUnstorable.forEach((node, since) -> {
			List<Execution> after = executions.stream()
				.filter((e) -> e.nodeId().equals(node) && !e.handler().equals(ChaosHandlers.UNSTORABLE)
						&& e.ranToAnEnd() && e.endedAt() > since)
				.toList();
			Outcomes outcomes = outcomesOf(after, attempts, nodesById);
			perNode.add(node + ": of " + after.size() + " other attempt(s) that ended after its first unstorable"
					+ " result, " + outcomes);
			if (!outcomes.unexplained().isEmpty()) {
				wrong.add(node + " did not write " + outcomes.unexplained().size() + " outcome(s), e.g. "
						+ first(outcomes.unexplained()));
			}
		});
		if (firstUnstorable.isEmpty()) {
			wrong.add("no handler returned an unstorable result");
		}
		add(check, !unstorable.isEmpty() && wrong.isEmpty(), unstorable.size() + " such job(s): " + statuses + "; "
				+ String.join("; ", perNode) + (wrong.isEmpty() ? "" : "; WRONG: " + first(wrong)));
	}

	private void checkAutoCommitOff(List<Execution> executions, Map<String, List<Attempt>> attempts,
			Map<String, NodeProcess> nodesById) {
		String check = "a node whose pool has auto-commit off commits every write (claims, outcomes, leases)";
		if (this.settings.ingredients().autoCommitOffEvery() == 0) {
			this.rows.add(new Row(check, Result.NOT_EXERCISED,
					"switched off (" + ChaosSettings.Ingredients.AUTO_COMMIT_OFF + ")"));
			return;
		}
		List<String> nodes = this.nodes.stream().filter(NodeProcess::autoCommitOff).map(NodeProcess::id).toList();
		Map<String, Long> attemptsRun = executions.stream()
			.collect(Collectors.groupingBy(Execution::attemptKey, Collectors.counting()));
		List<Execution> theirs = executions.stream().filter((e) -> nodes.contains(e.nodeId())).toList();
		List<String> wrong = new ArrayList<>();
		// a claim that was rolled back hands the same attempt number to another claim
		List<String> reused = theirs.stream()
			.filter((e) -> attemptsRun.get(e.attemptKey()) > 1)
			.map((e) -> e.jobId() + " attempt " + e.attempt())
			.distinct()
			.toList();
		if (!reused.isEmpty()) {
			wrong.add(reused.size() + " attempt(s) ran more than once (claim not committed?), e.g. " + first(reused));
		}
		List<Execution> ended = theirs.stream().filter(Execution::ranToAnEnd).toList();
		Outcomes outcomes = outcomesOf(ended, attempts, nodesById);
		if (!outcomes.unexplained().isEmpty()) {
			wrong.add(outcomes.unexplained().size() + " outcome(s) not written by their node (not committed?), e.g. "
					+ first(outcomes.unexplained()));
		}
		int overlaps = nodes.stream().mapToInt((node) -> this.unexplainedOverlaps.getOrDefault(node, 0)).sum();
		if (overlaps > 0) {
			wrong.add(overlaps + " execution(s) on them overlapped by another node without a cause (lease renewal"
					+ " not committed?)");
		}
		if (outcomes.written() == 0) {
			wrong.add("they wrote no outcome of their own");
		}
		add(check, wrong.isEmpty(), nodes + ": " + theirs.size() + " execution(s); of the " + ended.size()
				+ " that ran to an end, " + outcomes + (wrong.isEmpty() ? "" : "; WRONG: " + first(wrong)));
	}

	/**
	 * What became of the outcomes of attempts that ran to an end.
	 *
	 * @param written how many their own node wrote
	 * @param explained how many a rescue wrote off instead because their node was killed
	 * just after the attempt ended or was cut off from the database around it
	 * @param unexplained the attempts whose outcome their node should have written but
	 * did not
	 */
	record Outcomes(int written, int explained, List<String> unexplained) {

		@Override
		public String toString() {
			return this.written + " written by their node, " + this.explained + " lost with it (killed or cut off), "
					+ this.unexplained.size() + " NOT WRITTEN";
		}

	}

	private Outcomes outcomesOf(List<Execution> ended, Map<String, List<Attempt>> attempts,
			Map<String, NodeProcess> nodesById) {
		int written = 0;
		int explained = 0;
		List<String> unexplained = new ArrayList<>();
		long lease = ChaosSettings.micros(ChaosSettings.LEASE);
		for (Execution e : ended) {
			List<Attempt> history = attempts.getOrDefault(e.attemptKey(), List.of());
			if (history.stream()
				.anyMatch((a) -> e.nodeId().equals(a.nodeId()) && !"LEASE_EXPIRED".equals(a.outcome()))) {
				written++;
				continue;
			}
			// the outcome of an attempt that ended just before its node was killed may
			// not have been flushed yet (a healthy node writes it within moments)
			NodeProcess node = nodesById.get(e.nodeId());
			boolean killedAfter = node != null && node.fate() == NodeProcess.Fate.KILLED && node.endedAt() != null
					&& node.endedAt() >= e.endedAt() && node.endedAt() <= e.endedAt() + 2 * lease;
			// an outcome that could not be written during an outage lost its lease
			// meanwhile: a rescue wrote the attempt off, and the fence turned the outcome
			// away
			boolean cutOff = this.disruptions.stream()
				.anyMatch((d) -> (d.kind() == Kind.CONNECTION_KILL || d.kind() == Kind.DB_RESTART)
						&& d.at() >= e.startedAt() - lease && d.at() <= e.endedAt() + 2 * lease);
			if (killedAfter || cutOff) {
				explained++;
			}
			else {
				unexplained.add(e.jobId() + " attempt " + e.attempt() + " on " + e.nodeId()
						+ (history.isEmpty() ? " (no history)" : " (" + history.get(0).outcome() + ")"));
			}
		}
		return new Outcomes(written, explained, unexplained);
	}

	private void checkThrowingListener(Map<String, Job> jobs, Map<String, List<Execution>> byJob,
			Map<String, NodeProcess> nodesById) {
		String check = "a listener that throws an Error from started breaks no job (the attempt runs, once, and the"
				+ " job ends as it should)";
		if (!this.settings.ingredients().throwingListener()) {
			this.rows.add(new Row(check, Result.NOT_EXERCISED,
					"switched off (" + ChaosSettings.Ingredients.THROWING_LISTENER + ")"));
			return;
		}
		int threw = 0;
		List<String> wrong = new ArrayList<>();
		for (NodeProcess node : this.nodes) {
			List<String> lines;
			try {
				lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				wrong.add(node.id() + ": log unreadable: " + ex.getMessage());
				continue;
			}
			for (String line : lines) {
				Matcher matcher = LISTENER_THREW.matcher(line);
				if (!matcher.find()) {
					continue;
				}
				threw++;
				String jobId = matcher.group(1);
				int attempt = Integer.parseInt(matcher.group(2));
				long runs = byJob.getOrDefault(jobId, List.of())
					.stream()
					.filter((e) -> e.attempt() == attempt && e.nodeId().equals(node.id()))
					.count();
				Job job = jobs.get(jobId);
				// a node killed between the listener and the handler's first write ran
				// nothing of that attempt: no finding
				boolean killedMeanwhile = runs == 0 && nodesById.get(node.id()).fate() == NodeProcess.Fate.KILLED;
				if (runs != 1 && !killedMeanwhile) {
					wrong.add(jobId + " attempt " + attempt + " on " + node.id() + " ran " + runs + " time(s)");
				}
				if (job == null || !job.status().equals(expectedStatus(job.handler()))) {
					wrong.add(jobId + " attempt " + attempt + " on " + node.id() + ": job "
							+ ((job != null) ? job.status() + " (" + job.lastError() + ")" : "missing"));
				}
			}
		}
		if (threw == 0) {
			wrong.add("the listener never threw");
		}
		add(check, wrong.isEmpty(),
				"the listener threw on " + threw + " attempt(s)"
						+ (wrong.isEmpty() ? ", each ran its handler once and its job ended as it should"
								: "; WRONG: " + wrong.size() + ", e.g. " + first(wrong)));
	}

	private void checkCheckpointedJobs() {
		CheckpointChecks checks = new CheckpointChecks(ChaosSettings.micros(ChaosSettings.LEASE),
				ChaosSettings.micros(ChaosSettings.SHUTDOWN_AWAIT));
		for (NodeProcess node : this.nodes) {
			if (node.fate() != NodeProcess.Fate.RUNNING && node.fate() != NodeProcess.Fate.DIED
					&& node.endedAt() != null) {
				checks.nodeEnded(node.id(), node.fate() == NodeProcess.Fate.KILLED, node.endedAt());
			}
		}
		this.disruptions.stream()
			.filter((d) -> d.kind() == Kind.CONNECTION_KILL || d.kind() == Kind.DB_RESTART)
			.forEach((d) -> checks.outage(d.at()));
		this.rows.addAll(checks.load(this.jdbc).rows());
	}

	private void checkRollingDeploys(Map<String, Job> jobs, List<Execution> executions) {
		List<RollingDeployChecks.Activity> runs = executions.stream()
			.map((e) -> new RollingDeployChecks.Activity(e.nodeId(), e.jobId(), e.attempt(), e.startedAt(), null, null))
			.toList();
		List<RollingDeployChecks.Activity> attempts = this.jdbc.query("SELECT job_id, attempt, node_id, outcome, "
				+ this.database.micros("started_at") + " AS started, " + this.database.micros("finished_at")
				+ " AS finished FROM taskflow_attempt WHERE started_at IS NOT NULL", (rs, i) -> {
					long finished = rs.getLong("finished");
					Long finishedAt = rs.wasNull() ? null : finished;
					return new RollingDeployChecks.Activity(rs.getString("node_id"), rs.getString("job_id"),
							rs.getInt("attempt"), rs.getLong("started"), finishedAt, rs.getString("outcome"));
				});
		Map<String, String[]> statuses = new HashMap<>();
		jobs.values()
			.forEach((job) -> statuses.put(job.id(), new String[] { job.status(), expectedStatus(job.handler()) }));
		this.rows.add(new RollingDeployChecks(this.drains, this.deployNodesUp, this.settings.nodes()).row(runs,
				attempts, statuses));
	}

	private static String first(List<String> items) {
		return items.stream().limit(3).collect(Collectors.joining(" | ")) + ((items.size() > 3) ? " ..." : "");
	}

	private static void appendTable(StringBuilder out, List<String> header, List<List<String>> rows) {
		int[] widths = new int[header.size()];
		for (int i = 0; i < header.size(); i++) {
			widths[i] = header.get(i).length();
		}
		for (List<String> row : rows) {
			for (int i = 0; i < row.size(); i++) {
				// the last column is not padded: details may be long
				if (i < row.size() - 1) {
					widths[i] = Math.max(widths[i], row.get(i).length());
				}
			}
		}
		appendRow(out, header, widths);
		List<String> rule = new ArrayList<>();
		for (int width : widths) {
			rule.add("-".repeat(Math.max(3, width)));
		}
		appendRow(out, rule, widths);
		for (List<String> row : rows) {
			appendRow(out, row, widths);
		}
	}

	private static void appendRow(StringBuilder out, List<String> cells, int[] widths) {
		out.append('|');
		for (int i = 0; i < cells.size(); i++) {
			String cell = cells.get(i).replace('|', '/');
			out.append(' ').append(cell);
			if (i < cells.size() - 1) {
				out.append(" ".repeat(Math.max(0, widths[i] - cell.length())));
			}
			out.append(" |");
		}
		out.append('\n');
	}

	static Comparator<Execution> byStart() {
		return Comparator.comparingLong(Execution::startedAt);
	}

}
