package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The lines logged about failed jobs, on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbFailedJobLogIntegrationTests extends AbstractFailedJobLogIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected Object unstorableResult() {
		return "x".repeat(17 * 1024 * 1024);
	}

}
