package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Workflows on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresWorkflowIntegrationTests extends AbstractWorkflowIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
