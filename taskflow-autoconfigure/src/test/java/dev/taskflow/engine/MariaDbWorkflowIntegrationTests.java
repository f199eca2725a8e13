package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Workflows on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbWorkflowIntegrationTests extends AbstractWorkflowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
