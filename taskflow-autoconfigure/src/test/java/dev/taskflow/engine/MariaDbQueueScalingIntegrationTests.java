package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Scaling queues on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbQueueScalingIntegrationTests extends AbstractQueueScalingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
