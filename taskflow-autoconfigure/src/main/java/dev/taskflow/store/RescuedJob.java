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
 * @param maxAttempts the number of attempts in all
 * @param node the node whose lease expired
 * @author TaskFlow
 */
public record RescuedJob(UUID id, String handler, String queue, int priority, int attempt, int maxAttempts, String node,
		JobStep step, boolean cancelled) {

	/**
	 * A rescued job of no workflow, not asked to stop.
	 * @param id the job id
	 * @param handler its handler
	 * @param queue its queue
	 * @param priority its priority
	 * @param attempt the attempt whose lease expired
	 * @param maxAttempts the attempts it may make
	 * @param node the node that held it
	 */
	public RescuedJob(UUID id, String handler, String queue, int priority, int attempt, int maxAttempts, String node) {
		this(id, handler, queue, priority, attempt, maxAttempts, node, null, false);
	}

	/**
	 * Whether the job failed because it had no attempts left (else it is due again).
	 * @return {@code true} when it failed
	 */
	public boolean failed() {
		return !this.cancelled && this.attempt >= this.maxAttempts;
	}

}
