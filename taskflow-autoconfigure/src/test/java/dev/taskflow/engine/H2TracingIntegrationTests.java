package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Tracing across enqueue and execution, and correlation ids, on H2.
 *
 * @author TaskFlow
 */
class H2TracingIntegrationTests extends AbstractTracingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
