package dev.taskflow.dashboard;

import java.util.Map;

import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.QueueView;
import dev.taskflow.TaskFlow;

/**
 * The queues of the API: list them, pause and resume them.
 *
 * @author TaskFlow
 */
final class QueuesApi {

	private final TaskFlow taskFlow;

	private final Snapshots snapshots;

	private final Audit audit;

	QueuesApi(TaskFlow taskFlow, Snapshots snapshots, Audit audit) {
		this.taskFlow = taskFlow;
		this.snapshots = snapshots;
		this.audit = audit;
	}

	ServerResponse list(ServerRequest request) {
		return Responses.ok(this.snapshots.queues());
	}

	ServerResponse pause(ServerRequest request) {
		String name = request.pathVariable("name");
		if (this.taskFlow.queues().pause(name)) {
			this.audit.wrote(request, "paused queue '" + name + "'");
		}
		return Responses.ok(queue(name));
	}

	ServerResponse resume(ServerRequest request) {
		String name = request.pathVariable("name");
		if (this.taskFlow.queues().resume(name)) {
			this.audit.wrote(request, "resumed queue '" + name + "'");
		}
		return Responses.ok(queue(name));
	}

	private Map<String, Object> queue(String name) {
		return this.taskFlow.queues()
			.list()
			.stream()
			.filter((queue) -> queue.name().equals(name))
			.findFirst()
			.map((queue) -> Snapshots.queue(queue, this.snapshots.throughput()))
			// a queue that holds no jobs
			.orElseGet(
					() -> Snapshots.queue(new QueueView(name, this.taskFlow.queues().isPaused(name), Map.of(), null)));
	}

}
