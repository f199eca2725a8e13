package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Draining a node on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbDrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
