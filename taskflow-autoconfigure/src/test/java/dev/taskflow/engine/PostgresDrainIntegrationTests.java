package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Draining a node on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresDrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
