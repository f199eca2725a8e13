package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * The unique key contract on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresUniqueKeyIntegrationTests extends AbstractUniqueKeyIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
