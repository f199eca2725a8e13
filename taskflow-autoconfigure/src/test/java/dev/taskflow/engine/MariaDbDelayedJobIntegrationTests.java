package dev.taskflow.engine;

import dev.taskflow.testsupport.TestDatabase;

/**
 * Delayed jobs on time on MariaDB, where a node learns the due time of a job enqueued
 * with an instant only at its next poll.
 *
 * @author TaskFlow
 */
class MariaDbDelayedJobIntegrationTests extends AbstractDelayedJobIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.MARIADB;
	}

	@Override
	protected boolean learnsDueInstants() {
		return false;
	}

}
