package dev.taskflow.dashboard;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;

/**
 * A {@link JobQuery} from the filters of a request: the query parameters of a list or a
 * count, or the {@code filter} object of a bulk action. Both take the same names:
 * {@code status} (repeated, or a JSON array), {@code queue}, {@code handler},
 * {@code schedule}, {@code correlationId}, {@code createdAfter}, {@code createdBefore}
 * (ISO-8601 instants) and {@code text}.
 *
 * @author TaskFlow
 */
final class JobFilter {

	private JobFilter() {
	}

	static JobQuery fromParameters(MultiValueMap<String, String> parameters) {
		JobQuery query = filter(JobQuery.all(), parameters.getOrDefault("status", List.of()),
				(name) -> parameters.getFirst(name));
		String limit = parameters.getFirst("limit");
		if (StringUtils.hasText(limit)) {
			try {
				query = query.limit(Integer.parseInt(limit.trim()));
			}
			catch (NumberFormatException ex) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "'limit' must be a number, was '" + limit + "'");
			}
		}
		String after = parameters.getFirst("after");
		return StringUtils.hasText(after) ? query.after(after) : query;
	}

	static JobQuery fromJson(JsonNode filter) {
		if (filter == null || !filter.isObject()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'filter' must be an object of job filters, such as"
					+ " {\"status\": [\"FAILED\"], \"queue\": \"mail\"}");
		}
		List<String> statuses = new ArrayList<>();
		JsonNode status = filter.get("status");
		if (status != null && status.isArray()) {
			status.forEach((value) -> statuses.add(value.asString()));
		}
		else if (status != null && !status.isNull()) {
			statuses.add(status.asString());
		}
		return filter(JobQuery.all(), statuses, (name) -> {
			JsonNode value = filter.get(name);
			return (value != null && !value.isNull()) ? value.asString() : null;
		});
	}

	/**
	 * The filters of a query for the log, without the text searched for (which may quote
	 * a payload).
	 * @param query the query
	 * @return the description
	 */
	static String describe(JobQuery query) {
		return ((query.getText() != null) ? query.text("(hidden)") : query).toString();
	}

	static List<JobId> ids(JsonNode ids) {
		if (ids == null || !ids.isArray() || ids.isEmpty()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'ids' must be a non-empty array of job ids");
		}
		List<JobId> parsed = new ArrayList<>();
		for (JsonNode id : ids) {
			parsed.add(jobId(id.asString()));
		}
		return parsed;
	}

	static JobId jobId(String text) {
		try {
			return JobId.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'" + text + "' is not a job id: a job id is a UUID");
		}
	}

	private static JobQuery filter(JobQuery query, List<String> statuses, Function<String, String> value) {
		JobQuery filtered = query;
		List<JobStatus> parsed = new ArrayList<>();
		for (String status : statuses) {
			for (String part : status.split(",")) {
				if (StringUtils.hasText(part)) {
					parsed.add(status(part.trim()));
				}
			}
		}
		if (!parsed.isEmpty()) {
			filtered = filtered.status(parsed.toArray(JobStatus[]::new));
		}
		String queue = value.apply("queue");
		if (StringUtils.hasText(queue)) {
			filtered = filtered.queue(queue.trim());
		}
		String handler = value.apply("handler");
		if (StringUtils.hasText(handler)) {
			filtered = filtered.handler(handler.trim());
		}
		String schedule = value.apply("schedule");
		if (StringUtils.hasText(schedule)) {
			filtered = filtered.scheduleName(schedule.trim());
		}
		String correlationId = value.apply("correlationId");
		if (StringUtils.hasText(correlationId)) {
			filtered = filtered.correlationId(correlationId.trim());
		}
		Instant createdAfter = instant("createdAfter", value.apply("createdAfter"));
		if (createdAfter != null) {
			filtered = filtered.createdAfter(createdAfter);
		}
		Instant createdBefore = instant("createdBefore", value.apply("createdBefore"));
		if (createdBefore != null) {
			filtered = filtered.createdBefore(createdBefore);
		}
		String text = value.apply("text");
		if (StringUtils.hasText(text)) {
			filtered = filtered.text(text.trim());
		}
		return filtered;
	}

	private static JobStatus status(String name) {
		try {
			return JobStatus.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"'" + name + "' is not a job status: use one of " + List.of(JobStatus.values()));
		}
	}

	static Instant instant(String name, String text) {
		if (!StringUtils.hasText(text)) {
			return null;
		}
		try {
			return Instant.parse(text.trim());
		}
		catch (DateTimeParseException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"'" + name + "' must be an ISO-8601 instant such as 2026-12-06T08:00:00Z, was '" + text + "'");
		}
	}

}
