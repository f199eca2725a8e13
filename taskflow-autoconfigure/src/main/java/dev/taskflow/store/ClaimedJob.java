package dev.taskflow.store;

import java.util.UUID;

/**
 * A job this node has claimed: it is {@code RUNNING} under this node's lease.
 *
 * @param id the job id
 * @param handler the handler name
 * @param queue the queue name
 * @param attempt the number of this attempt; with the id it fences the attempt's outcome
 * @param maxAttempts the number of attempts in all
 * @param payload the payload as JSON text, or {@code null}
 * @author TaskFlow
 */
public record ClaimedJob(UUID id, String handler, String queue, int attempt, int maxAttempts, String payload) {

}
