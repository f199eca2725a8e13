package dev.taskflow.dashboard;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.TaskFlow;

/**
 * The nodes of the API: list them, drain and undrain them.
 *
 * @author TaskFlow
 */
final class NodesApi {

	private final TaskFlow taskFlow;

	private final Snapshots snapshots;

	private final Audit audit;

	NodesApi(TaskFlow taskFlow, Snapshots snapshots, Audit audit) {
		this.taskFlow = taskFlow;
		this.snapshots = snapshots;
		this.audit = audit;
	}

	ServerResponse list(ServerRequest request) {
		return Responses.ok(this.snapshots.nodes());
	}

	ServerResponse drain(ServerRequest request) {
		String id = request.pathVariable("id");
		if (!this.taskFlow.nodes().drain(id)) {
			throw notLive(id);
		}
		this.audit.wrote(request, "drained node '" + id + "'");
		return Responses.ok(node(id));
	}

	ServerResponse undrain(ServerRequest request) {
		String id = request.pathVariable("id");
		if (!this.taskFlow.nodes().undrain(id)) {
			throw notLive(id);
		}
		this.audit.wrote(request, "undrained node '" + id + "'");
		return Responses.ok(node(id));
	}

	// read again after the write, so that the answer shows the node as it now is
	private Map<String, Object> node(String id) {
		return this.snapshots.nodes()
			.stream()
			.filter((node) -> id.equals(node.get("id")) && Boolean.TRUE.equals(node.get("alive")))
			.findFirst()
			.orElseThrow(() -> notLive(id));
	}

	private static ApiException notLive(String id) {
		return new ApiException(HttpStatus.NOT_FOUND,
				"There is no live node '" + id + "': see GET /nodes for the nodes that are live");
	}

}
