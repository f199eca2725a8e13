package dev.taskflow.test.kit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.stereotype.Component;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskFlowListener;

/**
 * Records the wait of each attempt that starts, as listeners and metrics see it.
 *
 * @author TaskFlow
 */
@Component
public class Waits implements TaskFlowListener {

	/**
	 * The waits of the attempts started, in order.
	 */
	public static final List<Duration> started = new CopyOnWriteArrayList<>();

	@Override
	public void started(JobEvent event) {
		started.add(event.waitTime());
	}

}
