package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Listeners, metrics and the MDC on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresObservabilityIntegrationTests extends AbstractObservabilityIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

}
