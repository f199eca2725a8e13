package dev.taskflow.retention;

import java.util.Map;

import dev.taskflow.JobStatus;

/**
 * What one run of the retention purge did: the result of its job.
 *
 * @param removed the jobs removed (with their attempts), by final status
 * @param archived whether they were moved to the archive tables rather than deleted
 * @param batches the batches it took, each a transaction of its own
 * @param millis how long it took
 * @author TaskFlow
 */
public record RetentionRun(Map<JobStatus, Integer> removed, boolean archived, int batches, long millis) {

	/**
	 * Copy the counts.
	 */
	public RetentionRun {
		removed = Map.copyOf(removed);
	}

	/**
	 * The jobs removed, of every status.
	 * @return the total
	 */
	public int total() {
		return this.removed.values().stream().mapToInt(Integer::intValue).sum();
	}

}
