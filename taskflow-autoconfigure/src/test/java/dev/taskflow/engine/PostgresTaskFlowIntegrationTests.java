package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The TaskFlow contract on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresTaskFlowIntegrationTests extends AbstractTaskFlowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
