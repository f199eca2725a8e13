package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Moving jobs between queues on PostgreSQL.
 *
 * @author TaskFlow
 */
class PostgresJobMoveIntegrationTests extends AbstractJobMoveIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
