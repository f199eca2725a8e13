package dev.taskflow.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;
import dev.taskflow.store.JobRetention;
import dev.taskflow.store.JobRetention.Rule;

/**
 * Which finished jobs retention removes, and how: a period per final status, overridden
 * per queue and per handler (a handler's period wins over its queue's, a queue's over the
 * default), {@link RetentionPeriods#KEEP} keeping jobs for ever; the size of each batch;
 * and whether jobs are archived rather than deleted.
 *
 * @param defaults the periods of every job, all three set
 * @param queues the periods set per queue, by queue name
 * @param handlers the periods set per handler, by handler name
 * @param batchSize the most jobs one batch removes
 * @param archive whether jobs are moved to the archive tables rather than deleted
 * @author TaskFlow
 */
public record RetentionPolicy(RetentionPeriods defaults, Map<String, RetentionPeriods> queues,
		Map<String, RetentionPeriods> handlers, int batchSize, boolean archive) {

	/**
	 * The final statuses, in the order a purge removes them.
	 */
	public static final List<JobStatus> FINISHED = List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED);

	/**
	 * Check the policy.
	 */
	public RetentionPolicy {
		Assert.isTrue(defaults != null && defaults.succeeded() != null && defaults.failed() != null
				&& defaults.cancelled() != null, "'defaults' must set a period for every final status");
		Assert.isTrue(batchSize >= 1 && batchSize <= JobRetention.MAX_BATCH_SIZE,
				() -> "'batchSize' must be between 1 and " + JobRetention.MAX_BATCH_SIZE + ", was " + batchSize);
		queues = Map.copyOf(queues);
		handlers = Map.copyOf(handlers);
	}

	/**
	 * Whether this policy removes any job at all, or keeps every job for ever (then no
	 * purge needs to run).
	 * @return {@code true} if some status, queue or handler has a finite period
	 */
	public boolean purgesAnything() {
		List<RetentionPeriods> all = new ArrayList<>(this.queues.values());
		all.addAll(this.handlers.values());
		all.add(this.defaults);
		return all.stream().anyMatch((periods) -> FINISHED.stream().anyMatch((status) -> purges(periods.of(status))));
	}

	/**
	 * The rules of one purge: per final status, one per handler and per queue that set a
	 * finite period for it, then the default for the other jobs. Periods that keep jobs
	 * for ever make no rule.
	 * @param now the database's time now, from which the cutoffs are counted
	 * @return the rules
	 */
	public List<Rule> rules(Instant now) {
		List<Rule> rules = new ArrayList<>();
		for (JobStatus status : FINISHED) {
			Map<String, Duration> byHandler = periods(this.handlers, status);
			Map<String, Duration> byQueue = periods(this.queues, status);
			byHandler.forEach((handler, period) -> {
				if (purges(period)) {
					rules.add(new Rule(status, now.minus(period), handler, null, null, null));
				}
			});
			byQueue.forEach((queue, period) -> {
				if (purges(period)) {
					rules.add(new Rule(status, now.minus(period), null, queue, byHandler.keySet(), null));
				}
			});
			Duration period = this.defaults.of(status);
			if (purges(period)) {
				rules.add(new Rule(status, now.minus(period), null, null, byHandler.keySet(), byQueue.keySet()));
			}
		}
		return rules;
	}

	/**
	 * The policy in a few words, for logs: each status's default period and the names of
	 * the queues and handlers that override them.
	 * @return the description
	 */
	public String describe() {
		StringJoiner periods = new StringJoiner(", ");
		for (JobStatus status : FINISHED) {
			periods.add(status + " " + format(this.defaults.of(status)));
		}
		String overrides = "";
		if (!this.queues.isEmpty() || !this.handlers.isEmpty()) {
			overrides = "; overridden for queues " + this.queues.keySet().stream().sorted().toList() + " and handlers "
					+ this.handlers.keySet().stream().sorted().toList();
		}
		return periods + overrides;
	}

	/**
	 * A period for logs, written as in properties: {@code 14d}, {@code 12h}, {@code 90s};
	 * or {@code for ever}.
	 * @param period the period
	 * @return the text
	 */
	static String format(Duration period) {
		if (!purges(period)) {
			return "for ever";
		}
		if (period.toMillis() % 1000 != 0) {
			return period.toMillis() + "ms";
		}
		long seconds = period.toSeconds();
		if (seconds % 86_400 == 0) {
			return (seconds / 86_400) + "d";
		}
		if (seconds % 3_600 == 0) {
			return (seconds / 3_600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

	private static boolean purges(Duration period) {
		return period != null && !period.isZero();
	}

	private static Map<String, Duration> periods(Map<String, RetentionPeriods> overrides, JobStatus status) {
		Map<String, Duration> periods = new LinkedHashMap<>();
		overrides.forEach((name, set) -> {
			Duration period = set.of(status);
			if (period != null) {
				periods.put(name, period);
			}
		});
		return periods;
	}

}
