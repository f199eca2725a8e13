package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Several TaskFlow nodes on one POSTGRESQL database.
 *
 * @author TaskFlow
 */
class PostgresClusterIntegrationTests extends AbstractClusterIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
