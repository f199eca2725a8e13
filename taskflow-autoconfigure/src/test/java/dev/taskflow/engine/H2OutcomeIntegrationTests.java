package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Outcomes of every attempt, stored or refused, on H2.
 *
 * @author TaskFlow
 */
class H2OutcomeIntegrationTests extends AbstractOutcomeIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected Object unstorableResult() {
		return null;
	}

}
