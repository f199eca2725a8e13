package dev.taskflow.chaos;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded chaos run of {@code mvn verify}: three node JVMs on PostgreSQL, then on
 * MariaDB, each crashed, stopped and cut off, one with its pool's auto-commit off, with
 * results the database refuses, a listener that throws, a few dozen workflows among the
 * jobs (diamonds that spawn jobs, steps that fail, compensations), long checkpointing
 * jobs of named steps, and a rolling deploy that drains and replaces every node in turn,
 * about three minutes per database. Each run works in a database of its own, created for
 * it and dropped at its end, and never restarts the shared local server (the soak does; a
 * command in {@code TASKFLOW_CHAOS_<DB>_RESTART} restarts a server of its own). The seed
 * is random unless {@code TASKFLOW_CHAOS_SEED} sets it; it is printed with the table;
 * {@code TASKFLOW_CHAOS_WITHOUT} leaves ingredients out. A database that does not answer
 * skips its run loudly, or fails it when {@code CI=true} or
 * {@code TASKFLOW_REQUIRE_DATABASES=true}.
 *
 * @author TaskFlow
 */
class ChaosHarnessTests {

	@Test
	void clusterKeepsItsPromisesOnPostgresqlThroughCrashesStopsAndDisconnects() throws Exception {
		runOn(ChaosDatabase.POSTGRESQL);
	}

	@Test
	void clusterKeepsItsPromisesOnMariadbThroughCrashesStopsAndDisconnects() throws Exception {
		runOn(ChaosDatabase.MARIADB);
	}

	private static void runOn(ChaosDatabase database) throws Exception {
		String unreachable = database.unreachable();
		if (unreachable != null) {
			String message = "*** " + database + " is unreachable (" + unreachable
					+ "): its chaos run is SKIPPED. Start the local server or set TASKFLOW_TEST_" + database
					+ "_URL. ***";
			System.err.println(message);
			if ("true".equalsIgnoreCase(System.getenv("CI"))
					|| "true".equalsIgnoreCase(System.getenv("TASKFLOW_REQUIRE_DATABASES"))) {
				Assertions.fail(message + " (CI requires every database)");
			}
			Assumptions.abort(message);
		}
		String configuredSeed = System.getenv("TASKFLOW_CHAOS_SEED");
		long seed = (configuredSeed != null && !configuredSeed.isBlank()) ? Long.parseLong(configuredSeed)
				: System.nanoTime();
		String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		ChaosSettings settings = new ChaosSettings(database, 3, Duration.ofSeconds(45), seed,
				ChaosHarness.runDirectory(Path.of("target", "chaos"), database), classPath, false,
				Duration.ofSeconds(60), ChaosSettings.Ingredients.without(System.getenv(ChaosHarness.WITHOUT)), false,
				false);
		Checks.Report report = ChaosHarness.run(settings, System.out);
		assertThat(report.passed()).as(report.table()).isTrue();
	}

}
