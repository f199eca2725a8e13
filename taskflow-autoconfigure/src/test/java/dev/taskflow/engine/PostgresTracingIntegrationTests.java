package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Tracing across enqueue and execution, and correlation ids, on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresTracingIntegrationTests extends AbstractTracingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
