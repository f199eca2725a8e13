package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.taskflow.chaos.Checks.Result;
import dev.taskflow.chaos.Checks.Row;

/**
 * What the harness checks of its rolling deploys ({@link ChaosRun.Drain}): every node up
 * when a deploy began was drained through {@code TaskFlow.nodes().drain}, its drain
 * completed (it held no running job, having finished or handed back each), it claimed and
 * started nothing once it had seen the drain (by the database's clock), it stopped with
 * SIGTERM leaving nothing running, and its replacement registered; the jobs it held ended
 * as they should.
 *
 * @author TaskFlow
 */
final class RollingDeployChecks {

	static final String CHECK = "rolling deploy: every node drained and restarted in turn, nothing lost";

	/**
	 * An execution that started this long after the drain was seen had passed no check of
	 * the drain before it started (a worker that had just checked it records its start
	 * within milliseconds).
	 */
	static final long START_SLACK = 1_000_000;

	private final List<ChaosRun.Drain> drains;

	private final List<Integer> nodesUp;

	private final int clusterSize;

	/**
	 * What a drained node ran, claimed or ended.
	 *
	 * @param nodeId the node
	 * @param jobId the job
	 * @param attempt the attempt
	 * @param startedAt when it started (an execution) or was claimed (an attempt)
	 * @param finishedAt when it ended (an attempt's history row), or {@code null}
	 * @param outcome the attempt's outcome ({@code SUCCEEDED}, {@code RELEASED} ...), or
	 * {@code null} for an execution
	 */
	record Activity(String nodeId, String jobId, int attempt, long startedAt, Long finishedAt, String outcome) {
	}

	/**
	 * The checks of a run's deploys.
	 * @param drains every drain, in order
	 * @param nodesUp per deploy, how many nodes were up (or starting) when it began
	 * @param clusterSize how many nodes the run keeps up
	 */
	RollingDeployChecks(List<ChaosRun.Drain> drains, List<Integer> nodesUp, int clusterSize) {
		this.drains = drains;
		this.nodesUp = nodesUp;
		this.clusterSize = clusterSize;
	}

	/**
	 * Check.
	 * @param executions the executions the handlers recorded (outcome {@code null})
	 * @param attempts TaskFlow's attempt history
	 * @param jobStatus each job's status and its expected status, by id
	 * ({@code status/expected})
	 * @return the row
	 */
	Row row(List<Activity> executions, List<Activity> attempts, Map<String, String[]> jobStatus) {
		if (this.nodesUp.isEmpty()) {
			return new Row(CHECK, Result.FAIL, "no rolling deploy ran");
		}
		List<String> wrong = new ArrayList<>();
		List<String> details = new ArrayList<>();
		for (int up : this.nodesUp) {
			if (up < this.clusterSize) {
				wrong.add("a deploy began with " + up + " node(s) up or starting of the " + this.clusterSize
						+ " the run keeps: not every node was drained");
			}
		}
		int planned = this.nodesUp.stream().mapToInt(Integer::intValue).sum();
		if (this.drains.size() != planned) {
			wrong.add(this.drains.size() + " node(s) drained of the " + planned + " up when the deploys began");
		}
		for (ChaosRun.Drain drain : this.drains) {
			String node = drain.node();
			if (!drain.found()) {
				wrong.add(node + ": drain() found no live node of that id");
			}
			if (drain.seenAt() == null) {
				wrong.add(node + " never logged that it drains");
			}
			if (drain.completedAt() == null) {
				wrong.add(node + "'s drain did not complete (jobs still running, or no 'drained' line) within "
						+ drain.timeoutMillis() + " ms");
			}
			if (drain.exitedMicros() < 0 || drain.leftRunning() > 0) {
				wrong.add(node + " after its drain: " + ((drain.exitedMicros() < 0) ? "did not exit on SIGTERM" : "")
						+ ((drain.leftRunning() > 0) ? drain.leftRunning() + " job(s) left RUNNING" : ""));
			}
			if (drain.replacementReadyAt() == null) {
				wrong.add(node + "'s replacement " + drain.replacement() + " did not start and register");
			}
			if (drain.seenAt() != null) {
				for (Activity attempt : attempts) {
					if (attempt.nodeId().equals(node) && attempt.startedAt() > drain.seenAt()) {
						wrong.add(node + " claimed job " + attempt.jobId() + " (attempt " + attempt.attempt() + ") "
								+ (attempt.startedAt() - drain.seenAt()) / 1000 + " ms after it saw its drain");
					}
				}
				for (Activity execution : executions) {
					if (execution.nodeId().equals(node) && execution.startedAt() > drain.seenAt() + START_SLACK) {
						wrong.add(node + " started job " + execution.jobId() + " (attempt " + execution.attempt() + ") "
								+ (execution.startedAt() - drain.seenAt()) / 1000 + " ms after it saw its drain");
					}
				}
			}
			int released = 0;
			int finished = 0;
			for (Activity attempt : attempts) {
				if (attempt.nodeId().equals(node) && attempt.finishedAt() != null
						&& attempt.finishedAt() >= drain.requestedAt() && attempt.finishedAt() <= drain.stoppedAt()) {
					if ("RELEASED".equals(attempt.outcome())) {
						released++;
					}
					else if (!"LEASE_EXPIRED".equals(attempt.outcome())) {
						finished++;
					}
				}
			}
			List<String> notAsExpected = new ArrayList<>();
			for (String job : drain.held()) {
				String[] status = jobStatus.get(job);
				if (status == null || !status[0].equals(status[1])) {
					notAsExpected
						.add(job + " " + ((status != null) ? status[0] + " (expected " + status[1] + ")" : "missing"));
				}
			}
			if (!notAsExpected.isEmpty()) {
				wrong.add(node + ": job(s) it held at its drain did not end as expected: " + first(notAsExpected));
			}
			details.add(node + " drained in "
					+ ((drain.completedAt() != null) ? (drain.completedAt() - drain.requestedAt()) / 1000 + " ms"
							: "NEVER")
					+ " (" + drain.held().size() + " held: " + finished + " finished, " + released
					+ " released at a checkpoint"
					+ ((drain.releasedLogged() != null) ? ", it logged " + drain.releasedLogged() + " handed back" : "")
					+ "), replaced by " + drain.replacement());
		}
		boolean passed = wrong.isEmpty();
		return new Row(CHECK, passed ? Result.PASS : Result.FAIL,
				this.nodesUp.size() + " deploy(s), " + this.drains.size() + " node(s) drained in turn, none claimed"
						+ " after its drain" + (passed ? "" : " (see WRONG)") + "; the jobs they held ended as expected"
						+ " (every job: the terminal-state row): " + String.join("; ", details)
						+ (wrong.isEmpty() ? "" : "; WRONG: " + wrong.size() + ", e.g. " + first(wrong)));
	}

	private static String first(List<String> items) {
		return items.stream().limit(3).collect(Collectors.joining(" | ")) + ((items.size() > 3) ? " ..." : "");
	}

}
