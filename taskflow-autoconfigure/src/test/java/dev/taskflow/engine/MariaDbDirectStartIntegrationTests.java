package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Direct start on MariaDB.
 *
 * @author TaskFlow
 */
class MariaDbDirectStartIntegrationTests extends AbstractDirectStartIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
