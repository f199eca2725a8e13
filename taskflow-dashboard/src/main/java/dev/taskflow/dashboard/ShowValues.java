package dev.taskflow.dashboard;

/**
 * When the dashboard and its API show the payloads, results, errors and captured log
 * lines of jobs, which may quote what a job worked on.
 *
 * @author TaskFlow
 */
public enum ShowValues {

	/**
	 * Never: they read {@code "******"}.
	 */
	NEVER,

	/**
	 * To users with the operator authority, and to local requests when the application
	 * has no Spring Security.
	 */
	WHEN_AUTHORIZED,

	/**
	 * To everyone who reaches the dashboard.
	 */
	ALWAYS

}
