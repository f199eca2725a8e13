package dev.taskflow.actuate.autoconfigure;

import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the {@code taskflow} Actuator endpoint, beside the keys
 * Actuator generates for every endpoint ({@code management.endpoint.taskflow.access},
 * {@code ...cache.time-to-live}).
 *
 * @author TaskFlow
 */
@ConfigurationProperties("management.endpoint.taskflow")
public class TaskFlowEndpointProperties {

	/**
	 * When to show the payloads, results, errors, progress messages and captured log
	 * lines of jobs, which may quote what a job worked on; hidden ones read "******".
	 */
	private Show showValues = Show.NEVER;

	/**
	 * Roles used to determine whether a user is authorized to be shown payloads, results,
	 * errors, progress messages and log lines. When empty, all authenticated users are
	 * authorized.
	 */
	private final Set<String> roles = new LinkedHashSet<>();

	public Show getShowValues() {
		return this.showValues;
	}

	public void setShowValues(Show showValues) {
		this.showValues = showValues;
	}

	public Set<String> getRoles() {
		return this.roles;
	}

}
