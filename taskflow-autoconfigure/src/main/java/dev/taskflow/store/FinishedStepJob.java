package dev.taskflow.store;

import java.util.List;
import java.util.UUID;

import dev.taskflow.JobStatus;

/**
 * A job of a workflow step that reached a final status, for the join.
 *
 * @param id the job
 * @param step its step
 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
 * @param spawned the jobs it spawned, stored with its success
 * @author TaskFlow
 */
record FinishedStepJob(UUID id, JobStep step, JobStatus status, List<NewJob> spawned) {

	FinishedStepJob(UUID id, JobStep step, JobStatus status) {
		this(id, step, status, List.of());
	}

}
