package dev.taskflow.client;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs a wake-up once the caller's transaction commits (at once without one): a node
 * woken earlier would look for rows it cannot see yet.
 *
 * @author TaskFlow
 */
final class AfterCommit {

	private AfterCommit() {
	}

	static void run(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public void afterCommit() {
					action.run();
				}

			});
		}
		else {
			action.run();
		}
	}

}
