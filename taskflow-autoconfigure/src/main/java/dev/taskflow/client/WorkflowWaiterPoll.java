package dev.taskflow.client;

import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Polls for workflows that other nodes finish while someone waits for them: a daemon
 * thread that runs only while there are waiters (the node that finishes a workflow tells
 * its own waiters at once).
 *
 * @author TaskFlow
 */
final class WorkflowWaiterPoll {

	private static final Log logger = LogFactory.getLog(WorkflowWaiterPoll.class);

	private static final long INTERVAL_MILLIS = 250;

	private final BooleanSupplier check;

	private Thread thread;

	WorkflowWaiterPoll(BooleanSupplier check) {
		this.check = check;
	}

	synchronized void wake() {
		if (this.thread != null && this.thread.isAlive()) {
			return;
		}
		this.thread = new Thread(this::run, "taskflow-workflow-waiters");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	private void run() {
		while (true) {
			try {
				Thread.sleep(INTERVAL_MILLIS);
				synchronized (this) {
					if (!this.check.getAsBoolean()) {
						this.thread = null;
						return;
					}
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				logger.debug("TaskFlow could not check the workflows waited for; trying again", ex);
			}
		}
	}

}
