package dev.taskflow.store;

import java.util.List;

/**
 * Told after a transaction of the store that finished jobs of workflow steps has
 * committed: the node wakes to claim the steps it released, and the client tells
 * listeners and waiters of the workflows that finished.
 *
 * @author TaskFlow
 */
public interface WorkflowSignals {

	/**
	 * Signals that go nowhere.
	 */
	WorkflowSignals NONE = (finished) -> {
	};

	/**
	 * Steps of workflows finished: jobs may have been released, and workflows may have
	 * reached a final status.
	 * @param finished the workflows that reached a final status, maybe none
	 */
	void workflowsChanged(List<FinishedWorkflow> finished);

}
