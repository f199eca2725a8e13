package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The unique key contract on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbUniqueKeyIntegrationTests extends AbstractUniqueKeyIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
