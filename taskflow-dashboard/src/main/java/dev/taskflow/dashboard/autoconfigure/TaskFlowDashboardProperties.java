package dev.taskflow.dashboard.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.taskflow.dashboard.ShowValues;

/**
 * Configuration properties of the TaskFlow dashboard and its REST API.
 *
 * @author TaskFlow
 */
@ConfigurationProperties("spring.taskflow.dashboard")
public class TaskFlowDashboardProperties {

	/**
	 * Whether to serve the dashboard and its REST API in a servlet web application.
	 */
	private boolean enabled = true;

	/**
	 * Path of the dashboard; its REST API is under {path}/api/v1.
	 */
	private String path = "/taskflow";

	/**
	 * Whether to answer requests from other hosts than this one when the application has
	 * no Spring Security. With Spring Security, the application's rules decide who
	 * reaches the dashboard and this setting is not used.
	 */
	private boolean allowRemote = false;

	/**
	 * Authority a user needs, with Spring Security, to retry, cancel, delete or enqueue
	 * jobs, pause queues, change their limits and trigger schedules. Reading needs only
	 * access to the dashboard's path.
	 */
	private String operatorAuthority = "TASKFLOW_OPERATOR";

	/**
	 * Whether to refuse every write: the dashboard and the API only show.
	 */
	private boolean readOnly = false;

	/**
	 * When to show the payloads, results, errors and captured log lines of jobs, which
	 * may quote what a job worked on; hidden ones read "******". WHEN_AUTHORIZED shows
	 * them to users with the operator authority, and to local requests when the
	 * application has no Spring Security.
	 */
	private ShowValues showValues = ShowValues.WHEN_AUTHORIZED;

	/**
	 * How often the open dashboards are sent what changed; the database is read once per
	 * interval for all of them, and not at all while none is open.
	 */
	private Duration liveInterval = Duration.ofSeconds(2);

	/**
	 * How long the oldest due job of a queue may have waited before the overview lists
	 * the queue as needing attention.
	 */
	private Duration attentionQueueAge = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public boolean isAllowRemote() {
		return this.allowRemote;
	}

	public void setAllowRemote(boolean allowRemote) {
		this.allowRemote = allowRemote;
	}

	public String getOperatorAuthority() {
		return this.operatorAuthority;
	}

	public void setOperatorAuthority(String operatorAuthority) {
		this.operatorAuthority = operatorAuthority;
	}

	public boolean isReadOnly() {
		return this.readOnly;
	}

	public void setReadOnly(boolean readOnly) {
		this.readOnly = readOnly;
	}

	public ShowValues getShowValues() {
		return this.showValues;
	}

	public void setShowValues(ShowValues showValues) {
		this.showValues = showValues;
	}

	public Duration getLiveInterval() {
		return this.liveInterval;
	}

	public void setLiveInterval(Duration liveInterval) {
		this.liveInterval = liveInterval;
	}

	public Duration getAttentionQueueAge() {
		return this.attentionQueueAge;
	}

	public void setAttentionQueueAge(Duration attentionQueueAge) {
		this.attentionQueueAge = attentionQueueAge;
	}

}
