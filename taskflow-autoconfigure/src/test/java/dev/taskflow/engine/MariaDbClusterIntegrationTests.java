package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Several TaskFlow nodes on one MARIADB database.
 *
 * @author TaskFlow
 */
class MariaDbClusterIntegrationTests extends AbstractClusterIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
