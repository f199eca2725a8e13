package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Exact names and keys on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresExactNamesIntegrationTests extends AbstractExactNamesIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
