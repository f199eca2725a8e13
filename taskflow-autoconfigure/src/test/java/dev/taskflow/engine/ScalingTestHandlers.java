package dev.taskflow.engine;

import dev.taskflow.TaskHandler;

/**
 * A handler that keeps a thread busy for a while.
 *
 * @author TaskFlow
 */
class ScalingTestHandlers {

	@TaskHandler("scale.work")
	void work(int millis) throws InterruptedException {
		Thread.sleep(millis);
	}

}
