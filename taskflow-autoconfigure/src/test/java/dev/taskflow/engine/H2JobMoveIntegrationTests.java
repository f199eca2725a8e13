package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Moving jobs between queues on H2.
 *
 * @author TaskFlow
 */
class H2JobMoveIntegrationTests extends AbstractJobMoveIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
