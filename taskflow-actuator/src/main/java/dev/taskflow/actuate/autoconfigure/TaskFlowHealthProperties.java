package dev.taskflow.actuate.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code taskflow} health indicator. The indicator itself
 * is switched with {@code management.health.taskflow.enabled}.
 *
 * @author TaskFlow
 */
@ConfigurationProperties("spring.taskflow.health")
public class TaskFlowHealthProperties {

	/**
	 * The longest a due pending job of any queue may wait before the health turns to
	 * 'oldest-due-status'. Paused queues are not checked. Unset: no check.
	 */
	private Duration oldestDueAge;

	/**
	 * The health status when a due job waited longer than its threshold, such as DOWN or
	 * OUT_OF_SERVICE (a custom status needs a place in
	 * management.endpoint.health.status.order).
	 */
	private String oldestDueStatus = "DOWN";

	/**
	 * How long the health check's query of the job store may take before the store counts
	 * as unreachable (rounded up to whole seconds; the wait for a connection is the
	 * pool's own connection timeout).
	 */
	private Duration timeout = Duration.ofSeconds(2);

	/**
	 * Thresholds of single queues, by queue name, overriding 'oldest-due-age'.
	 */
	private final Map<String, Queue> queues = new LinkedHashMap<>();

	public Duration getOldestDueAge() {
		return this.oldestDueAge;
	}

	public void setOldestDueAge(Duration oldestDueAge) {
		this.oldestDueAge = oldestDueAge;
	}

	public String getOldestDueStatus() {
		return this.oldestDueStatus;
	}

	public void setOldestDueStatus(String oldestDueStatus) {
		this.oldestDueStatus = oldestDueStatus;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Map<String, Queue> getQueues() {
		return this.queues;
	}

	/**
	 * The health threshold of one queue.
	 */
	public static class Queue {

		/**
		 * The longest a due pending job of this queue may wait before the health turns to
		 * 'oldest-due-status'.
		 */
		private Duration oldestDueAge;

		public Duration getOldestDueAge() {
			return this.oldestDueAge;
		}

		public void setOldestDueAge(Duration oldestDueAge) {
			this.oldestDueAge = oldestDueAge;
		}

	}

}
