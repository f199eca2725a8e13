package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The retention contract on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbRetentionIntegrationTests extends AbstractRetentionIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
