package dev.taskflow.chaos;

import java.util.concurrent.ThreadLocalRandom;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskFlowListener;

/**
 * A listener that throws an {@link AssertionError} from {@code started} for about one
 * attempt in {@value #ONE_IN}: not an exception a listener is expected to throw, which is
 * the point. {@link TaskFlowListener} promises that a listener that throws never breaks a
 * job, so the attempt must still run its handler, once. Before it throws it prints
 * {@value #THREW} with the job and the attempt, which the harness reads from the node's
 * log.
 *
 * @author TaskFlow
 */
final class ThrowingListener implements TaskFlowListener {

	static final String THREW = "CHAOS-LISTENER-THREW";

	static final int ONE_IN = 10;

	static final String MESSAGE = "chaos: a listener that throws an Error from started";

	@Override
	public void started(JobEvent event) {
		if (ThreadLocalRandom.current().nextInt(ONE_IN) == 0) {
			System.out.println(THREW + " job=" + event.id() + " attempt=" + event.attempt());
			System.out.flush();
			throw new AssertionError(MESSAGE);
		}
	}

}
