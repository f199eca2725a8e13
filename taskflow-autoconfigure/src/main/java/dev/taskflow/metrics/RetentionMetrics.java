package dev.taskflow.metrics;

import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;

import dev.taskflow.JobStatus;
import dev.taskflow.retention.RetentionListener;

/**
 * Counts the finished jobs retention removed from the job table (with their attempts):
 * {@code taskflow.retention.purged} those it deleted, {@code taskflow.retention.archived}
 * those it moved to the archive tables, both tagged with the jobs' {@code status}
 * ({@code SUCCEEDED}, {@code FAILED}, {@code CANCELLED}). Counted by the node that ran
 * the purge.
 *
 * @author TaskFlow
 */
public class RetentionMetrics implements RetentionListener {

	/**
	 * The counter of jobs deleted.
	 */
	public static final String PURGED = "taskflow.retention.purged";

	/**
	 * The counter of jobs archived.
	 */
	public static final String ARCHIVED = "taskflow.retention.archived";

	private final Supplier<MeterRegistry> registry;

	/**
	 * Create the metrics.
	 * @param registry supplies the registry, or {@code null} while there is none
	 */
	public RetentionMetrics(Supplier<MeterRegistry> registry) {
		this.registry = registry;
	}

	@Override
	public void removed(JobStatus status, int jobs, boolean archived) {
		MeterRegistry meters = this.registry.get();
		if (meters != null && jobs > 0) {
			meters.counter(archived ? ARCHIVED : PURGED, "status", status.name()).increment(jobs);
		}
	}

}
