package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Listeners, metrics and the MDC on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbObservabilityIntegrationTests extends AbstractObservabilityIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

}
