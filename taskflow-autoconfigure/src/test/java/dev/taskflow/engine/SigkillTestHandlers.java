package dev.taskflow.engine;

import javax.sql.DataSource;

import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.TaskContext;
import dev.taskflow.TaskHandler;

/**
 * A handler with a step, for a node killed with SIGKILL in a JVM of its own. It writes
 * what it does to {@link #TABLE} (on a connection of its own, committed at once), which
 * the test reads from its JVM. In the JVM that is killed
 * ({@code test.sigkill.victim=true}) it waits, for the job keyed {@code inside} within
 * the step's body, for any other after the step.
 *
 * @author TaskFlow
 */
class SigkillTestHandlers {

	static final String TABLE = "sigkill_event";

	private final JdbcTemplate jdbc;

	private final boolean victim;

	SigkillTestHandlers(DataSource dataSource, Environment environment) {
		this.jdbc = new JdbcTemplate(dataSource);
		this.victim = environment.getProperty("test.sigkill.victim", Boolean.class, false);
	}

	@TaskHandler("checkpoint.sigkill")
	String sigkill(String key, TaskContext context) throws Exception {
		String rows = context.step("load", () -> {
			record(key, "load-started");
			if (this.victim && key.equals("inside")) {
				waitForTheKill(key);
			}
			record(key, "load-completed");
			return "rows loaded by " + (this.victim ? "the killed JVM" : "the survivor");
		});
		if (this.victim) {
			// the step's result is stored: step returns only then
			waitForTheKill(key);
		}
		return rows;
	}

	private void waitForTheKill(String key) throws InterruptedException {
		record(key, "waiting");
		Thread.sleep(120_000);
	}

	private void record(String key, String event) {
		this.jdbc.update("INSERT INTO " + TABLE + " (job_key, event) VALUES (?, ?)", key, event);
	}

}
