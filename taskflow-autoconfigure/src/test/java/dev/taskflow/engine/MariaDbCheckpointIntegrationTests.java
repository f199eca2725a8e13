package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Checkpoints on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbCheckpointIntegrationTests extends AbstractCheckpointIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
