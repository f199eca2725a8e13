package dev.taskflow.retention;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.JobStatus;
import dev.taskflow.TaskHandler;
import dev.taskflow.store.JobRetention;
import dev.taskflow.store.JobRetention.Removal;
import dev.taskflow.store.JobRetention.Rule;

/**
 * TaskFlow's own handler, {@value #NAME}, that purges finished jobs by its
 * {@link RetentionPolicy}. Its jobs are the occurrences of the built-in schedule of the
 * same name, which fires once per interval across the cluster: whichever worker node
 * claims an occurrence runs the purge, once.
 * <p>
 * Each run counts its cutoffs from the database's clock (the one {@code finished_at} is
 * written by), removes the jobs rule by rule in batches of
 * {@link RetentionPolicy#batchSize()}, each a transaction of its own, and logs one line
 * at INFO.
 *
 * @author TaskFlow
 */
public class RetentionHandler {

	/**
	 * The name of the handler, and of the built-in schedule whose occurrences it runs.
	 */
	public static final String NAME = "taskflow.retention";

	private static final Log logger = LogFactory.getLog(RetentionHandler.class);

	private final JobRetention store;

	private final RetentionPolicy policy;

	private final RetentionListener listener;

	/**
	 * Create the handler.
	 * @param store the retention store
	 * @param policy which jobs to remove, and how
	 * @param listener told of each batch removed
	 */
	public RetentionHandler(JobRetention store, RetentionPolicy policy, RetentionListener listener) {
		this.store = store;
		this.policy = policy;
		this.listener = listener;
	}

	/**
	 * The policy this handler purges by.
	 * @return the policy
	 */
	public RetentionPolicy policy() {
		return this.policy;
	}

	/**
	 * Purge the finished jobs whose retention is over.
	 * @return what was removed
	 * @throws InterruptedException if the purge was interrupted (a stopping node, a
	 * timeout) between two batches; the batches before are committed
	 */
	@TaskHandler(NAME)
	public RetentionRun purge() throws InterruptedException {
		long started = System.nanoTime();
		boolean archive = this.policy.archive();
		Instant now = this.store.databaseNow();
		Map<JobStatus, Integer> removed = new EnumMap<>(JobStatus.class);
		RetentionPolicy.FINISHED.forEach((status) -> removed.put(status, 0));
		int batches = 0;
		for (Rule rule : this.policy.rules(now)) {
			JobStatus status = rule.status();
			Removal removal = this.store.removeAll(rule, this.policy.batchSize(), archive,
					(jobs) -> this.listener.removed(status, jobs, archive));
			removed.merge(status, removal.jobs(), Integer::sum);
			batches += removal.batches();
			if (Thread.interrupted()) {
				throw new InterruptedException("Retention purge interrupted after removing " + removed
						+ " finished jobs; the next run goes on from there");
			}
		}
		// a workflow goes as one unit, kept as long as a job of its final status would be
		Map<String, JobStatus> workflowPeriods = Map.of("SUCCEEDED", JobStatus.SUCCEEDED, "FAILED", JobStatus.FAILED,
				"COMPENSATED", JobStatus.FAILED, "CANCELLED", JobStatus.CANCELLED);
		for (Map.Entry<String, JobStatus> entry : workflowPeriods.entrySet()) {
			java.time.Duration period = this.policy.defaults().of(entry.getValue());
			if (period == null || period.isZero()) {
				continue;
			}
			JobStatus status = entry.getValue();
			Removal removal = this.store.removeWorkflows(entry.getKey(), now.minus(period), this.policy.batchSize(),
					archive, (jobs) -> this.listener.removed(status, jobs, archive));
			removed.merge(status, removal.jobs(), Integer::sum);
			batches += removal.batches();
			if (Thread.interrupted()) {
				throw new InterruptedException("Retention purge interrupted after removing " + removed
						+ " finished jobs; the next run goes on from there");
			}
		}
		RetentionRun run = new RetentionRun(removed, archive, batches, (System.nanoTime() - started) / 1_000_000);
		logger.info(describe(run));
		return run;
	}

	private String describe(RetentionRun run) {
		StringJoiner counts = new StringJoiner(", ");
		run.removed()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey())
			.forEach((entry) -> counts.add(entry.getKey() + " " + entry.getValue()));
		String what = run.archived()
				? "moved " + run.total() + " finished job(s) with their attempts to taskflow_job_archive"
				: "deleted " + run.total() + " finished job(s) with their attempts";
		return "TaskFlow retention " + what + " (" + counts + ") in " + run.batches() + " batch(es), " + run.millis()
				+ " ms; kept: " + this.policy.describe();
	}

}
