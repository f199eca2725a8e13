package dev.taskflow.test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;

/**
 * The enqueueing side of a {@link TaskFlowLoad} run: one job per call, from the
 * {@link RatePacer}'s thread. The caller reads the ids and the rate once the pacer
 * returned, which orders every call before the reads.
 *
 * @author TaskFlow
 */
final class TaskFlowLoadProducer {

	private final TaskFlow taskFlow;

	private final Supplier<JobRequest> requests;

	private final int count;

	private final List<JobId> ids;

	private long firstCall;

	private long lastCall;

	TaskFlowLoadProducer(TaskFlow taskFlow, Supplier<JobRequest> requests, int count) {
		this.taskFlow = taskFlow;
		this.requests = requests;
		this.count = count;
		this.ids = new ArrayList<>(count);
	}

	void enqueueNext() {
		long called = System.nanoTime();
		JobRequest request = this.requests.get();
		if (request == null) {
			throw new IllegalArgumentException("The requests supplier of the load returned null for job "
					+ (this.ids.size() + 1) + " of " + this.count + ": it must return a JobRequest on every call");
		}
		if (this.ids.isEmpty()) {
			this.firstCall = called;
		}
		this.lastCall = called;
		this.ids.add(this.taskFlow.enqueue(request));
	}

	List<JobId> ids() {
		return this.ids;
	}

	// from the starts of the calls: n calls make n - 1 periods
	double achievedRate() {
		if (this.ids.size() < 2 || this.lastCall == this.firstCall) {
			return Double.NaN;
		}
		return (this.ids.size() - 1) / ((this.lastCall - this.firstCall) / 1e9);
	}

}
