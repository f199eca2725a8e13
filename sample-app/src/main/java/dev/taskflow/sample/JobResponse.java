package dev.taskflow.sample;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

import dev.taskflow.JobStatus;
import dev.taskflow.JobView;

/**
 * A job as the REST API shows it.
 *
 * @param id the job id
 * @param handler the handler name
 * @param queue the queue
 * @param status the status
 * @param attempt the attempts made so far
 * @param maxAttempts the attempts allowed in all
 * @param priority the priority
 * @param runAt when the job is or was last due
 * @param createdAt when it was enqueued
 * @param startedAt when its latest attempt started
 * @param finishedAt when it reached a final state
 * @param lastError the error of its latest failed attempt
 * @param result the value its handler returned, as JSON
 * @param scheduleName the schedule that enqueued it, if one did
 * @param fireTime the fire time it is the occurrence of, if a schedule enqueued it
 * @author TaskFlow
 */
public record JobResponse(String id, String handler, String queue, JobStatus status, int attempt, int maxAttempts,
		int priority, Instant runAt, Instant createdAt, Instant startedAt, Instant finishedAt, String lastError,
		JsonNode result, String scheduleName, Instant fireTime) {

	static JobResponse of(JobView job) {
		return new JobResponse(job.id().toString(), job.handler(), job.queue(), job.status(), job.attempt(),
				job.maxAttempts(), job.priority(), job.runAt(), job.createdAt(), job.startedAt(), job.finishedAt(),
				job.lastError(), job.result(JsonNode.class).orElse(null), job.scheduleName(), job.fireTime());
	}

}
