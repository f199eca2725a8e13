package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Scaling queues on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresQueueScalingIntegrationTests extends AbstractQueueScalingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
