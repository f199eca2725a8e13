package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The attempt history and captured job logs on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbAttemptHistoryIntegrationTests extends AbstractAttemptHistoryIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
