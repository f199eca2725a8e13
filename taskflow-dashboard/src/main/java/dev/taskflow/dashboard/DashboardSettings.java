package dev.taskflow.dashboard;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * How the dashboard is served and who may do what, from
 * {@code spring.taskflow.dashboard.*}.
 *
 * @param path the dashboard's path, such as {@code /taskflow}
 * @param allowRemote whether requests from other hosts are answered without Spring
 * Security
 * @param operatorAuthority the authority writes need with Spring Security
 * @param readOnly whether every write is refused
 * @param showValues when job values are shown
 * @param liveInterval how often open dashboards are updated
 * @param attentionQueueAge the age of a queue's oldest due job that needs attention
 * @author TaskFlow
 */
public record DashboardSettings(String path, boolean allowRemote, String operatorAuthority, boolean readOnly,
		ShowValues showValues, Duration liveInterval, Duration attentionQueueAge) {

	public DashboardSettings {
		Assert.isTrue(
				path != null && path.startsWith("/") && !path.endsWith("/") && !path.contains("*")
						&& !path.contains("{"),
				() -> "'spring.taskflow.dashboard.path' must start with '/', not end with '/' and hold no pattern,"
						+ " such as /taskflow, was '" + path + "'");
		Assert.hasText(operatorAuthority, "'spring.taskflow.dashboard.operator-authority' must not be empty");
		Assert.notNull(showValues, "'showValues' must not be null");
		Assert.isTrue(liveInterval != null && liveInterval.toMillis() >= 100,
				"'spring.taskflow.dashboard.live-interval' must be at least 100ms");
		Assert.isTrue(attentionQueueAge != null && !attentionQueueAge.isNegative(),
				"'spring.taskflow.dashboard.attention-queue-age' must not be negative");
	}

	/**
	 * The path of the REST API.
	 * @return the path, such as {@code /taskflow/api/v1}
	 */
	public String apiPath() {
		return this.path + "/api/v1";
	}

}
