package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Checkpoints on H2.
 *
 * @author TaskFlow
 */
class H2CheckpointIntegrationTests extends AbstractCheckpointIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
