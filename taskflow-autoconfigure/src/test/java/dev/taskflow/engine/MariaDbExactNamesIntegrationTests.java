package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Exact names and keys on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbExactNamesIntegrationTests extends AbstractExactNamesIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
