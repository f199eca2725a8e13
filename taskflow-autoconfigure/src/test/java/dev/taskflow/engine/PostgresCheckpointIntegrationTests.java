package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Checkpoints on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresCheckpointIntegrationTests extends AbstractCheckpointIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
