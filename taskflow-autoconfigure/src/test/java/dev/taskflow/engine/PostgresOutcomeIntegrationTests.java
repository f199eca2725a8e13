package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Outcomes of every attempt, stored or refused, on POSTGRESQL.
 *
 * @author TaskFlow
 */
class PostgresOutcomeIntegrationTests extends AbstractOutcomeIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.POSTGRESQL;
	}

	@Override
	protected Object unstorableResult() {
		return "nul \u0000 in a result";
	}

}
