package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Scaling queues on H2.
 *
 * @author TaskFlow
 */
class H2QueueScalingIntegrationTests extends AbstractQueueScalingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

}
