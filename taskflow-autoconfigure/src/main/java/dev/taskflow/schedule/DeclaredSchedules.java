package dev.taskflow.schedule;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.Schedule;
import dev.taskflow.TaskHandler;
import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;

/**
 * The schedules declared in code ({@link TaskHandler#cron()}) and properties
 * ({@code spring.taskflow.schedules.<name>.*}, and TaskFlow's own retention schedule of
 * {@code spring.taskflow.retention.*}), checked: properties override the annotation of
 * the same name field by field; any problem fails the start with the schedule's name and
 * the fix.
 *
 * @author TaskFlow
 */
final class DeclaredSchedules {

	private final HandlerRegistry registry;

	private final Map<String, ScheduleDeclaration> properties;

	private final PayloadCodec codec;

	private final boolean validateHandlers;

	private volatile boolean skipMissingHandlers;

	private final DefaultZone defaultZone;

	/**
	 * The schedules declared for a node.
	 * @param registry the node's handlers, whose annotations declare schedules
	 * @param properties the schedules declared in properties, by name
	 * @param codec checks that the payloads declared are JSON
	 * @param validateHandlers whether a schedule must name a handler of this node
	 * @param defaultZone the zone of cron schedules that name none
	 */
	public DeclaredSchedules(HandlerRegistry registry, Map<String, ScheduleDeclaration> properties, PayloadCodec codec,
			boolean validateHandlers, DefaultZone defaultZone) {
		this.registry = registry;
		this.properties = properties;
		this.codec = codec;
		this.validateHandlers = validateHandlers;
		this.defaultZone = defaultZone;
	}

	/**
	 * The schedules declared and enabled, checked.
	 * @return the definitions
	 */
	public List<ScheduleDefinition> definitions() {
		List<ScheduleDefinition> definitions = new ArrayList<>();
		for (ScheduleDeclaration declaration : declarations().values()) {
			if (declaration.enabled() && !(this.skipMissingHandlers && handlerIsMissing(declaration))) {
				definitions.add(definition(declaration));
			}
		}
		return definitions;
	}

	/**
	 * Leave out the schedules whose handler this application lacks, rather than fail: a
	 * test slice holds some of an application's handlers only.
	 * @param skipMissingHandlers whether to leave them out
	 */
	void setSkipMissingHandlers(boolean skipMissingHandlers) {
		this.skipMissingHandlers = skipMissingHandlers;
	}

	private boolean handlerIsMissing(ScheduleDeclaration declaration) {
		String handler = (declaration.handler() != null) ? declaration.handler() : declaration.name();
		return this.registry.find(handler).isEmpty();
	}

	/**
	 * The names of the schedules declared and disabled
	 * ({@code spring.taskflow.schedules.<name>.enabled=false}).
	 * @return the names
	 */
	public List<String> disabledNames() {
		return declarations().values()
			.stream()
			.filter((declaration) -> !declaration.enabled())
			.map(ScheduleDeclaration::name)
			.toList();
	}

	private Map<String, ScheduleDeclaration> declarations() {
		Map<String, ScheduleDeclaration> declared = new LinkedHashMap<>();
		for (HandlerMethod handler : this.registry.handlers().values()) {
			TaskHandler annotation = handler.annotation();
			if (!annotation.cron().isBlank()) {
				declared.put(handler.name(),
						new ScheduleDeclaration(handler.name(), annotation.cron(), null,
								annotation.zone().isBlank() ? null : annotation.zone(), handler.name(), null, null,
								null, null, null, true));
			}
			else if (!annotation.zone().isBlank()) {
				throw new InvalidScheduleException(handler.name(), "@TaskHandler on " + handler.describe()
						+ " has a zone but no cron expression; add cron = \"...\"");
			}
		}
		this.properties.forEach((name, declaration) -> declared.merge(name, declaration, DeclaredSchedules::override));
		return declared;
	}

	private static ScheduleDeclaration override(ScheduleDeclaration annotated, ScheduleDeclaration configured) {
		boolean ownTimes = configured.cron() != null || configured.every() != null;
		return new ScheduleDeclaration(annotated.name(), ownTimes ? configured.cron() : annotated.cron(),
				ownTimes ? configured.every() : annotated.every(),
				// the annotation's zone is for its cron: an interval from properties has
				// none
				(configured.zone() != null) ? configured.zone()
						: (configured.every() != null) ? null : annotated.zone(),
				(configured.handler() != null) ? configured.handler() : annotated.handler(), configured.payload(),
				configured.queue(), configured.priority(), configured.misfire(), configured.overlap(),
				configured.enabled());
	}

	private ScheduleDefinition definition(ScheduleDeclaration declaration) {
		String name = declaration.name();
		boolean hasCron = declaration.cron() != null && !declaration.cron().isBlank();
		if (hasCron == (declaration.every() != null)) {
			throw new InvalidScheduleException(name, hasCron ? "it sets both cron and every; set one of them"
					: "it sets neither cron nor every; set spring.taskflow.schedules." + name + ".cron (or .every)."
							+ " If the name contains dots, write it in brackets: spring.taskflow.schedules[" + name
							+ "].cron");
		}
		Schedule schedule = hasCron ? Schedule.cron(name, declaration.cron())
				: Schedule.every(name, declaration.every());
		if (declaration.zone() != null && !declaration.zone().isBlank()) {
			if (!hasCron) {
				throw new InvalidScheduleException(name,
						"a zone applies to cron expressions only; an interval counts the same everywhere");
			}
			schedule = schedule.zone(zone(name, declaration.zone()));
		}
		if (declaration.handler() != null) {
			schedule = schedule.handler(declaration.handler());
		}
		if (declaration.queue() != null) {
			schedule = schedule.queue(declaration.queue());
		}
		if (declaration.priority() != null) {
			schedule = schedule.priority(declaration.priority());
		}
		if (declaration.misfire() != null) {
			schedule = schedule.misfire(declaration.misfire());
		}
		if (declaration.overlap() != null) {
			schedule = schedule.overlap(declaration.overlap());
		}
		checkHandler(name, schedule.getHandler(), this.registry, this.validateHandlers);
		return ScheduleDefinition.of(schedule, payload(name, declaration.payload()), this.defaultZone, true);
	}

	private String payload(String name, String json) {
		if (json == null || json.isBlank()) {
			return null;
		}
		try {
			this.codec.read(json, Object.class);
			return json;
		}
		catch (RuntimeException ex) {
			throw new InvalidScheduleException(name, "payload is not valid JSON (" + ex.getMessage()
					+ "); write it as JSON text, for example {\"region\":\"eu\"}", ex);
		}
	}

	static ZoneId zone(String name, String zone) {
		try {
			return ZoneId.of(zone.trim());
		}
		catch (DateTimeException ex) {
			throw new InvalidScheduleException(name,
					"zone '" + zone + "' is not a time zone id (for example Europe/Paris, UTC or +02:00)", ex);
		}
	}

	static void checkHandler(String name, String handler, HandlerRegistry registry, boolean validateHandlers) {
		if (validateHandlers && registry.find(handler).isEmpty()) {
			throw new InvalidScheduleException(name,
					"its handler '" + handler + "' is not a @TaskHandler of this" + " application (known: "
							+ registry.applicationNames() + "); set the schedule's handler, or"
							+ " spring.taskflow.enqueue.validate-handlers=false on nodes without the handler");
		}
	}

}
