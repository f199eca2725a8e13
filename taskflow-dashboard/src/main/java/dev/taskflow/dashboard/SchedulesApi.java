package dev.taskflow.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.ScheduleView;
import dev.taskflow.TaskFlow;

/**
 * The schedules of the API: list them with their next fire times and last runs; trigger,
 * pause, resume and backfill them.
 *
 * @author TaskFlow
 */
final class SchedulesApi {

	static final int NEXT_FIRE_TIMES = 5;

	static final int LAST_RUNS = 5;

	private final TaskFlow taskFlow;

	private final Audit audit;

	SchedulesApi(TaskFlow taskFlow, Audit audit) {
		this.taskFlow = taskFlow;
		this.audit = audit;
	}

	ServerResponse list(ServerRequest request) {
		return Responses.ok(this.taskFlow.schedules().list().stream().map(this::schedule).toList());
	}

	ServerResponse find(ServerRequest request) {
		return Responses.ok(schedule(existing(request.pathVariable("name"))));
	}

	ServerResponse trigger(ServerRequest request) {
		String name = existing(request.pathVariable("name")).name();
		JobId id = this.taskFlow.schedules().trigger(name);
		this.audit.wrote(request, "triggered schedule '" + name + "' as job " + id);
		return Responses.ok(Map.of("id", id.toString()));
	}

	ServerResponse pause(ServerRequest request) {
		String name = existing(request.pathVariable("name")).name();
		this.taskFlow.schedules().pause(name);
		this.audit.wrote(request, "paused schedule '" + name + "'");
		return Responses.ok(schedule(existing(name)));
	}

	ServerResponse resume(ServerRequest request) {
		String name = existing(request.pathVariable("name")).name();
		this.taskFlow.schedules().resume(name);
		this.audit.wrote(request, "resumed schedule '" + name + "'");
		return Responses.ok(schedule(existing(name)));
	}

	ServerResponse backfill(ServerRequest request) {
		String name = existing(request.pathVariable("name")).name();
		JsonNode body = Json.body(request);
		Instant from = JobFilter.instant("from", body.hasNonNull("from") ? body.get("from").asString() : null);
		Instant to = JobFilter.instant("to", body.hasNonNull("to") ? body.get("to").asString() : null);
		if (from == null || to == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"Give 'from' and 'to', the window to run again, as ISO-8601 instants");
		}
		List<JobId> ids = this.taskFlow.schedules().backfill(name, from, to);
		this.audit.wrote(request,
				"backfilled schedule '" + name + "' from " + from + " to " + to + ": " + ids.size() + " jobs");
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("count", ids.size());
		json.put("ids", ids.stream().map(JobId::toString).toList());
		return Responses.ok(json);
	}

	private ScheduleView existing(String name) {
		return this.taskFlow.schedules()
			.find(name)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "There is no schedule named '" + name + "'"));
	}

	private Map<String, Object> schedule(ScheduleView schedule) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", schedule.name());
		json.put("expression", schedule.expression());
		json.put("interval", schedule.isInterval());
		json.put("description", schedule.isInterval() ? CronWords.interval(Duration.parse(schedule.expression()))
				: CronWords.cron(schedule.expression()));
		json.put("zone", schedule.zone().getId());
		json.put("handler", schedule.handler());
		json.put("queue", schedule.queue());
		json.put("priority", schedule.priority());
		json.put("paused", schedule.paused());
		json.put("declared", schedule.declared());
		json.put("misfire", schedule.misfire().name());
		json.put("overlap", schedule.overlap().name());
		json.put("nextFireTimes", nextFireTimes(schedule));
		json.put("lastFireTime", schedule.lastFireTime());
		json.put("skippedCount", schedule.skippedCount());
		json.put("lastSkippedFireTime", schedule.lastSkippedFireTime());
		json.put("lastSkipReason", schedule.lastSkipReason());
		json.put("lastRuns",
				this.taskFlow.jobs()
					.list(JobQuery.all().scheduleName(schedule.name()).limit(LAST_RUNS))
					.jobs()
					.stream()
					.map((job) -> {
						Map<String, Object> run = new LinkedHashMap<>();
						run.put("id", job.id().toString());
						run.put("status", job.status().name());
						run.put("fireTime", job.fireTime());
						run.put("finishedAt", job.finishedAt());
						return run;
					})
					.toList());
		return json;
	}

	static List<Instant> nextFireTimes(ScheduleView schedule) {
		List<Instant> times = new ArrayList<>();
		Instant next = schedule.nextFireTime();
		if (next == null) {
			return times;
		}
		times.add(next);
		if (schedule.isInterval()) {
			Duration interval = Duration.parse(schedule.expression());
			while (times.size() < NEXT_FIRE_TIMES) {
				next = next.plus(interval);
				times.add(next);
			}
			return times;
		}
		CronExpression cron = CronExpression.parse(schedule.expression());
		ZonedDateTime at = next.atZone(schedule.zone());
		while (times.size() < NEXT_FIRE_TIMES) {
			at = cron.next(at);
			if (at == null) {
				break;
			}
			times.add(at.toInstant());
		}
		return times;
	}

}
