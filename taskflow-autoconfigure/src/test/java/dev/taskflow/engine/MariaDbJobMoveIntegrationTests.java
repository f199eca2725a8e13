package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Moving jobs between queues on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbJobMoveIntegrationTests extends AbstractJobMoveIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
