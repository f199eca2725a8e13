package dev.taskflow.engine;

import java.util.Set;
import java.util.function.Function;

import dev.taskflow.throttle.LoadMonitor;
import dev.taskflow.throttle.ThrottleListener;
import dev.taskflow.throttle.Throttles;

/**
 * How a node throttles: its limits (resolved once it knows its handlers), who hears of
 * held-back jobs, and its back-pressure monitor.
 *
 * @param throttles resolves the limits for the node's handler names
 * @param listener told of every held-back job
 * @param load tells when the node is saturated
 * @author TaskFlow
 */
public record Throttling(Function<Set<String>, Throttles> throttles, ThrottleListener listener, LoadMonitor load) {

	/**
	 * No limits, no back-pressure.
	 */
	public static final Throttling NONE = new Throttling(
			(handlers) -> new Throttles(null, java.util.Map.of(), java.util.Map.of(), null, null, 1, (name) -> null),
			ThrottleListener.NONE, LoadMonitor.NONE);

}
