package dev.taskflow.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskHandler;

/**
 * Keeps the sample busy, so that the dashboard at {@code /taskflow} has jobs moving: a
 * recurring job (schedule {@code demo.traffic} in application.yml) that enqueues a
 * handful of the mixed jobs {@code POST /jobs/burst} makes. Off with
 * {@code sample.demo-traffic=false}.
 *
 * @author TaskFlow
 */
@Component
public class DemoTraffic {

	private final TaskFlow taskFlow;

	private final boolean enabled;

	public DemoTraffic(TaskFlow taskFlow, @Value("${sample.demo-traffic:true}") boolean enabled) {
		this.taskFlow = taskFlow;
		this.enabled = enabled;
	}

	/**
	 * Enqueue a few mixed jobs.
	 * @return how many
	 */
	@TaskHandler("demo.traffic")
	public int enqueueSome() {
		if (!this.enabled) {
			return 0;
		}
		int count = ThreadLocalRandom.current().nextInt(1, 6);
		List<JobRequest> requests = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			requests.add(JobController.burstJob(ThreadLocalRandom.current().nextInt(1000)));
		}
		this.taskFlow.enqueueAll(requests);
		return count;
	}

}
