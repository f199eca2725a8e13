package dev.taskflow.retention;

import dev.taskflow.JobStatus;

/**
 * Told of each batch of finished jobs retention removed, once it is committed: for
 * metrics.
 *
 * @author TaskFlow
 */
@FunctionalInterface
public interface RetentionListener {

	/**
	 * A listener that does nothing.
	 */
	RetentionListener NONE = (status, jobs, archived) -> {
	};

	/**
	 * A batch of jobs was removed from the job table, with their attempts.
	 * @param status their status
	 * @param jobs how many
	 * @param archived whether they were moved to the archive tables ({@code false}:
	 * deleted)
	 */
	void removed(JobStatus status, int jobs, boolean archived);

}
