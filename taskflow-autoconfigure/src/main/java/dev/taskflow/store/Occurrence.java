package dev.taskflow.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A job a schedule enqueues for one fire time, due at once.
 *
 * @param id the new job's id
 * @param scheduleName the schedule's name
 * @param fireTime the fire time
 * @param handler the handler
 * @param queue the queue
 * @param priority the priority
 * @param maxAttempts the number of attempts the job may make
 * @param payload the payload as JSON text, or {@code null}
 * @author TaskFlow
 */
public record Occurrence(UUID id, String scheduleName, Instant fireTime, String handler, String queue, int priority,
		int maxAttempts, String payload) {

}
