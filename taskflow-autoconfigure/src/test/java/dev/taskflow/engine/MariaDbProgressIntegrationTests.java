package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Job progress on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbProgressIntegrationTests extends AbstractProgressIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
