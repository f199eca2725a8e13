package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;

/**
 * What the harness checks of the checkpointing jobs ({@link CheckpointedJob}) once a run
 * is over, from {@code chaos_step} and TaskFlow's job table: no step's body ran twice to
 * completion for one job (unless its result could not be stored: TaskFlow said so, or its
 * node died or was cut off right after the body completed and before the step returned),
 * every stored result handed back is one its body returned, and every such job
 * {@code SUCCEEDED} with the results of its steps. All times are the database's clock.
 *
 * @author TaskFlow
 */
final class CheckpointChecks {

	static final String NO_STEP_TWICE = "no checkpointed step ran twice to completion for the same job";

	static final String JOBS_RIGHT = "every checkpointed job SUCCEEDED with its steps' results, resuming at its"
			+ " cursor";

	private final Map<String, Job> jobs = new TreeMap<>();

	private final List<StepRow> rows = new ArrayList<>();

	// when each node ended, by node id: killed or stopped (SIGTERM) nodes only
	private final Map<String, NodeEnd> nodeEnds = new HashMap<>();

	// when outages (connection kills, restarts) began
	private final List<Long> outages = new ArrayList<>();

	private final long lease;

	private final long shutdownAwait;

	/**
	 * A checkpointing job as stored.
	 *
	 * @param id its id
	 * @param status its status
	 * @param attempt its last attempt
	 * @param result its result (JSON)
	 * @param lastError its last error
	 */
	record Job(String id, String status, int attempt, String result, String lastError) {
	}

	/**
	 * A row of {@code chaos_step}.
	 *
	 * @param jobId the job
	 * @param attempt its attempt
	 * @param nodeId the node it ran on
	 * @param step the step ({@link CheckpointedJob#CURSOR_STEP} for a cursor row)
	 * @param kind what it records ({@link CheckpointedJob#BODY} ...)
	 * @param startedAt when it was written (a body: when it started)
	 * @param endedAt when a body ended, or {@code null}
	 * @param outcome how a body ended ({@code completed}, {@code interrupted}), or
	 * whether a returned value was {@code fresh} or {@code stored}
	 * @param value a body's result, the value returned, the cursor
	 */
	record StepRow(String jobId, int attempt, String nodeId, String step, String kind, long startedAt, Long endedAt,
			String outcome, String value) {

		boolean completedBody() {
			return CheckpointedJob.BODY.equals(this.kind) && "completed".equals(this.outcome);
		}

	}

	/**
	 * How and when a node ended.
	 *
	 * @param killed whether by SIGKILL (else SIGTERM)
	 * @param at when (the kill: once the process was gone)
	 */
	record NodeEnd(boolean killed, long at) {
	}

	CheckpointChecks(long leaseMicros, long shutdownAwaitMicros) {
		this.lease = leaseMicros;
		this.shutdownAwait = shutdownAwaitMicros;
	}

	/**
	 * Read the checkpointing jobs and {@code chaos_step}.
	 * @param jdbc the harness's connection to the run's database
	 * @return this
	 */
	CheckpointChecks load(JdbcTemplate jdbc) {
		jdbc.query("SELECT id, status, attempt, result, last_error FROM taskflow_job WHERE handler = ?", (rs) -> {
			add(new Job(rs.getString("id"), rs.getString("status"), rs.getInt("attempt"), rs.getString("result"),
					rs.getString("last_error")));
		}, ChaosHandlers.CHECKPOINTED);
		jdbc.query("SELECT * FROM chaos_step", (rs) -> {
			long ended = rs.getLong("ended_at");
			Long endedAt = rs.wasNull() ? null : ended;
			add(new StepRow(rs.getString("job_id"), rs.getInt("attempt"), rs.getString("node_id"),
					rs.getString("step_name"), rs.getString("kind"), rs.getLong("started_at"), endedAt,
					rs.getString("outcome"), rs.getString("step_value")));
		});
		return this;
	}

	void add(Job job) {
		this.jobs.put(job.id(), job);
	}

	void add(StepRow row) {
		this.rows.add(row);
	}

	void nodeEnded(String nodeId, boolean killed, long at) {
		this.nodeEnds.put(nodeId, new NodeEnd(killed, at));
	}

	void outage(long at) {
		this.outages.add(at);
	}

	List<Row> rows() {
		Map<String, List<StepRow>> byJobStep = this.rows.stream()
			.filter((row) -> !row.step().equals(CheckpointedJob.CURSOR_STEP))
			.sorted(Comparator.comparingLong(StepRow::startedAt))
			.collect(Collectors.groupingBy((row) -> row.jobId() + "|" + row.step(), LinkedHashMap::new,
					Collectors.toList()));
		return List.of(checkNoStepTwice(byJobStep), checkJobs(byJobStep));
	}

	private Row checkNoStepTwice(Map<String, List<StepRow>> byJobStep) {
		List<String> wrong = new ArrayList<>();
		int completed = 0;
		int stepsCompleted = 0;
		int cutOffAndRan = 0;
		int interruptedAndRan = 0;
		int excused = 0;
		Map<String, Integer> excuses = new TreeMap<>();
		for (List<StepRow> rows : byJobStep.values()) {
			List<StepRow> bodies = rows.stream().filter((row) -> row.kind().equals(CheckpointedJob.BODY)).toList();
			List<StepRow> done = bodies.stream().filter(StepRow::completedBody).toList();
			completed += done.size();
			stepsCompleted += done.isEmpty() ? 0 : 1;
			for (int i = 0; i < bodies.size() - 1; i++) {
				StepRow body = bodies.get(i);
				if (body.endedAt() == null) {
					cutOffAndRan++;
				}
				else if ("interrupted".equals(body.outcome())) {
					interruptedAndRan++;
				}
			}
			// every completion but the last needs a reason why its result was not
			// stored: else the step ran twice to completion
			for (int i = 0; i < done.size() - 1; i++) {
				StepRow first = done.get(i);
				StepRow again = done.get(i + 1);
				String excuse = excuse(first, rows);
				String what = first.jobId() + " step " + first.step() + " completed in attempt " + first.attempt()
						+ " on " + first.nodeId() + " and again in attempt " + again.attempt() + " on "
						+ again.nodeId();
				if (excuse.startsWith("WRONG")) {
					wrong.add(what + ": " + excuse);
				}
				else {
					excused++;
					excuses.merge(excuse, 1, Integer::sum);
				}
			}
		}
		long resumed = this.rows.stream()
			.filter((row) -> row.kind().equals(CheckpointedJob.CURSOR) && !"0".equals(row.value()))
			.count();
		long handedBack = this.rows.stream()
			.filter((row) -> row.kind().equals(CheckpointedJob.RETURNED) && "stored".equals(row.outcome()))
			.count();
		boolean passed = wrong.isEmpty() && !this.jobs.isEmpty() && completed > 0;
		String detail = this.jobs.size() + " checkpointed job(s), " + stepsCompleted + " step(s) completed ("
				+ completed + " body run(s) completed), " + handedBack
				+ " stored result(s) handed back instead of running a body" + " again, " + cutOffAndRan
				+ " step(s) whose body was cut off by a kill and ran again, " + interruptedAndRan
				+ " whose body was interrupted by a stop and ran again, " + resumed
				+ " attempt(s) resumed from a stored cursor > 0; " + excused + " completed twice because the first"
				+ " result could not be stored" + (excuses.isEmpty() ? "" : " " + excuses)
				+ (this.jobs.isEmpty() ? "; NO CHECKPOINTED JOB" : "")
				+ (wrong.isEmpty() ? "" : "; RAN TWICE: " + wrong.size() + ", e.g. " + first(wrong));
		return new Row(NO_STEP_TWICE, passed ? Result.PASS : Result.FAIL, detail);
	}

	// why a body that completed did not have its result stored, or WRONG
	private String excuse(StepRow body, List<StepRow> rows) {
		boolean returned = rows.stream()
			.anyMatch((row) -> row.kind().equals(CheckpointedJob.RETURNED) && row.attempt() == body.attempt());
		if (returned) {
			return "WRONG: step returned its result to attempt " + body.attempt() + " (stored), yet its body ran again";
		}
		boolean saveFailed = rows.stream()
			.anyMatch((row) -> row.kind().equals(CheckpointedJob.SAVE_FAILED) && row.attempt() == body.attempt());
		if (saveFailed) {
			return "TaskFlow could not store it";
		}
		NodeEnd end = this.nodeEnds.get(body.nodeId());
		long completedAt = body.endedAt();
		if (end != null && end.killed() && end.at() >= completedAt && end.at() <= completedAt + 2 * this.lease) {
			return "SIGKILL right after";
		}
		// a stopping node interrupts its jobs after the await and exits: a body that
		// completed meanwhile may find the node unable to store its result
		if (end != null && !end.killed() && end.at() <= completedAt
				&& completedAt <= end.at() + this.shutdownAwait + 15_000_000) {
			return "SIGTERM meanwhile";
		}
		boolean outage = this.outages.stream()
			.anyMatch((at) -> at >= completedAt - this.lease && at <= completedAt + 2 * this.lease);
		if (outage) {
			return "outage right after";
		}
		return "WRONG: attempt " + body.attempt() + " neither got the step back nor was told it could not be stored,"
				+ " and its node was neither killed nor stopped nor cut off right after";
	}

	private Row checkJobs(Map<String, List<StepRow>> byJobStep) {
		List<String> wrong = new ArrayList<>();
		Map<String, Integer> statuses = new TreeMap<>();
		int resumedAttempts = 0;
		for (Job job : this.jobs.values()) {
			statuses.merge(job.status(), 1, Integer::sum);
			if (!job.status().equals("SUCCEEDED")) {
				wrong
					.add(job.id() + " " + job.status() + " at attempt " + job.attempt() + " (" + job.lastError() + ")");
				continue;
			}
			List<String> values = new ArrayList<>();
			for (String step : CheckpointedJob.STEPS) {
				List<StepRow> rows = byJobStep.getOrDefault(job.id() + "|" + step, List.of());
				StepRow returned = rows.stream()
					.filter((row) -> row.kind().equals(CheckpointedJob.RETURNED) && row.attempt() == job.attempt())
					.findFirst()
					.orElse(null);
				if (returned == null) {
					wrong.add(job.id() + " step " + step + " returned nothing to its last attempt " + job.attempt());
					values.add("?");
					continue;
				}
				values.add(returned.value());
				boolean fromABody = rows.stream()
					.anyMatch((row) -> row.completedBody() && returned.value().equals(row.value()));
				if (!fromABody) {
					wrong.add(job.id() + " step " + step + " handed back " + returned.value()
							+ ", which no run of its body returned");
				}
			}
			String expected = CheckpointedJob.result(values, CheckpointedJob.ITEMS);
			if (job.result() == null || !expected.equals(unquoted(job.result()))) {
				wrong.add(job.id() + " returned " + job.result() + ", not " + expected);
			}
			for (StepRow row : this.rows) {
				if (row.jobId().equals(job.id()) && row.kind().equals(CheckpointedJob.CURSOR)) {
					int cursor = Integer.parseInt(row.value());
					if (cursor < 0 || cursor > CheckpointedJob.ITEMS) {
						wrong.add(job.id() + " attempt " + row.attempt() + " resumed from cursor " + cursor);
					}
					else if (cursor > 0) {
						resumedAttempts++;
					}
				}
			}
		}
		boolean passed = wrong.isEmpty() && !this.jobs.isEmpty();
		return new Row(JOBS_RIGHT, passed ? Result.PASS : Result.FAIL,
				this.jobs.size() + " job(s): " + statuses + ", each result the concatenation of the results its steps"
						+ " handed to its last attempt, each one a body returned; " + resumedAttempts
						+ " attempt(s) resumed at a cursor within 1.." + CheckpointedJob.ITEMS
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + first(wrong)));
	}

	private static String unquoted(String json) {
		String trimmed = json.trim();
		return (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\""))
				? trimmed.substring(1, trimmed.length() - 1) : trimmed;
	}

	private static String first(List<String> items) {
		return items.stream().limit(3).collect(Collectors.joining(" | ")) + ((items.size() > 3) ? " ..." : "");
	}

}
