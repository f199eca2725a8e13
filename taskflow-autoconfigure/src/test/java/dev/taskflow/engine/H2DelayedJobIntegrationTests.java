package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Delayed jobs on time on H2, whose clock is the JVM's.
 *
 * @author TaskFlow
 */
class H2DelayedJobIntegrationTests extends AbstractDelayedJobIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	@Override
	protected boolean learnsDueInstants() {
		return true;
	}

}
