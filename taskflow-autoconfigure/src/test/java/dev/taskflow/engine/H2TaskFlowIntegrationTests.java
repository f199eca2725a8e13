package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The TaskFlow contract on H2.
 *
 * @author TaskFlow
 */
class H2TaskFlowIntegrationTests extends AbstractTaskFlowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
