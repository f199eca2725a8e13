package dev.taskflow.dashboard;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;

import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.QueueLimits;
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
		return this.snapshots.queue(name);
	}

	ServerResponse setLimits(ServerRequest request) {
		String name = request.pathVariable("name");
		JsonNode body = Json.body(request);
		QueueLimits limits = QueueLimits.none();
		JsonNode concurrency = body.get("concurrency");
		if (concurrency != null && !concurrency.isNull()) {
			if (!concurrency.isIntegralNumber() || !concurrency.canConvertToInt()) {
				throw new ApiException(HttpStatus.BAD_REQUEST,
						"'concurrency' must be a whole number, was " + concurrency);
			}
			limits = limits.withConcurrency(concurrency.asInt());
		}
		JsonNode rate = body.get("ratePerSecond");
		if (rate != null && !rate.isNull()) {
			if (!rate.isNumber() || rate.asDouble() <= 0) {
				throw new ApiException(HttpStatus.BAD_REQUEST,
						"'ratePerSecond' must be a number above 0, such as 10 or 0.5, was " + rate);
			}
			double perSecond = rate.asDouble();
			// whole numbers per second as they are; a fraction as one job per period
			limits = (perSecond >= 1 && perSecond == Math.rint(perSecond))
					? limits.withRate((int) perSecond, Duration.ofSeconds(1))
					: limits.withRate(1, Duration.ofMillis(Math.max(1, Math.round(1000 / perSecond))));
		}
		this.taskFlow.queues().setLimits(name, limits);
		this.audit.wrote(request, "set the run-time limits of queue '" + name + "' to " + limits);
		return Responses.ok(queue(name));
	}

	ServerResponse clearLimits(ServerRequest request) {
		String name = request.pathVariable("name");
		this.taskFlow.queues().clearLimits(name);
		this.audit.wrote(request, "cleared the run-time limits of queue '" + name + "'");
		return Responses.ok(queue(name));
	}

}
