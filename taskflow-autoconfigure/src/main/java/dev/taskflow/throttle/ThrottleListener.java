package dev.taskflow.throttle;

/**
 * Told each time a limit holds back a due job at a claim: for metrics.
 *
 * @author TaskFlow
 */
@FunctionalInterface
public interface ThrottleListener {

	/**
	 * A listener that does nothing.
	 */
	ThrottleListener NONE = (handler, queue, target, reason) -> {
	};

	/**
	 * A due job was left in the database because of a limit.
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @param target what the limit applies to
	 * @param reason the kind of limit: {@code rate-limit}, {@code concurrency},
	 * {@code per-key}, {@code threads} or {@code reserved}
	 */
	void heldBack(String handler, String queue, Target target, String reason);

}
