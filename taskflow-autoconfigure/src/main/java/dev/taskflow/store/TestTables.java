package dev.taskflow.store;

import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A clean slate between tests, for {@code dev.taskflow.test}: deletes what TaskFlow
 * stored while a test ran. Never part of an application's code path.
 *
 * @author TaskFlow
 */
public final class TestTables {

	// children first: attempts before their jobs
	private static final List<String> CLEARED = List.of("taskflow_attempt", "taskflow_job", "taskflow_attempt_archive",
			"taskflow_job_archive", "taskflow_schedule", "taskflow_queue", "taskflow_permit", "taskflow_statistics",
			"taskflow_step_edge", "taskflow_step", "taskflow_workflow");

	private final JdbcTemplate jdbc;

	/**
	 * The tables on the given data source.
	 * @param dataSource the data source
	 */
	public TestTables(DataSource dataSource) {
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Delete every job with its attempts (archived ones too), every schedule, every
	 * queue's pause and run-time limits, the cluster-wide permits and the statistics. The
	 * nodes stay, and so does the test clock.
	 */
	public void clear() {
		for (String table : CLEARED) {
			this.jdbc.update("DELETE FROM " + table);
		}
	}

}
