package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The TaskFlow contract on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbTaskFlowIntegrationTests extends AbstractTaskFlowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
