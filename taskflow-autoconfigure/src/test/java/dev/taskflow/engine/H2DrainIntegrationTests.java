package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Draining a node on H2.
 *
 * @author TaskFlow
 */
class H2DrainIntegrationTests extends AbstractDrainIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
