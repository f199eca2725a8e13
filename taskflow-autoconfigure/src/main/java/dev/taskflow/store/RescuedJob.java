package dev.taskflow.store;

import java.util.UUID;

/**
 * A job whose expired lease was handed back.
 *
 * @param id the job id
 * @param handler the handler name
 * @param queue the queue name
 * @param priority the priority
 * @param attempt the attempt that was cut short
 * @param failed whether the job failed because it had no attempts left
 * @author TaskFlow
 */
public record RescuedJob(UUID id, String handler, String queue, int priority, int attempt, boolean failed) {

}
