package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Outcomes of every attempt, stored or refused, on MARIADB.
 *
 * @author TaskFlow
 */
class MariaDbOutcomeIntegrationTests extends AbstractOutcomeIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected Object unstorableResult() {
		return "x".repeat(17 * 1024 * 1024);
	}

	@Override
	protected String knownRefusal() {
		return "max_allowed_packet is";
	}

}
