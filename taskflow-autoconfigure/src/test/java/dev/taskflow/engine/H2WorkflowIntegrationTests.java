package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Workflows on H2.
 *
 * @author TaskFlow
 */
class H2WorkflowIntegrationTests extends AbstractWorkflowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
