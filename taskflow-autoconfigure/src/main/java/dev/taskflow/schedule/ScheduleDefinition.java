package dev.taskflow.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.Schedule;
import dev.taskflow.store.ScheduleRecord;

/**
 * A checked schedule, ready to be stored: its recurrence, its handler and payload (as
 * JSON text) and its policies.
 *
 * @param name the name
 * @param kind {@link Recurrence#CRON} or {@link Recurrence#EVERY}
 * @param expression the cron expression or ISO-8601 interval
 * @param zone the zone the cron expression is read in
 * @param zoneNamed whether the zone was named (by the schedule, or by
 * {@code spring.taskflow.schedule.zone}) rather than taken from the writing node's JVM
 * @param handler the handler
 * @param payload the payload as JSON text, or {@code null}
 * @param queue the queue
 * @param priority the priority
 * @param misfire the misfire policy
 * @param overlap the overlap policy
 * @param declared whether it was declared in code or properties
 * @author TaskFlow
 */
public record ScheduleDefinition(String name, String kind, String expression, ZoneId zone, boolean zoneNamed,
		String handler, String payload, String queue, int priority, MisfirePolicy misfire, OverlapPolicy overlap,
		boolean declared) {

	/**
	 * The definition of a schedule.
	 * @param schedule the schedule
	 * @param payloadJson its payload written as JSON, or {@code null}
	 * @param defaultZone the zone of cron schedules that name none
	 * @param declared whether it was declared in code or properties
	 * @return the definition
	 */
	public static ScheduleDefinition of(Schedule schedule, String payloadJson, DefaultZone defaultZone,
			boolean declared) {
		boolean cron = schedule.getCron() != null;
		if (!cron) {
			// an interval counts the same everywhere
			return new ScheduleDefinition(schedule.getName(), Recurrence.EVERY, schedule.getEvery().toString(),
					Recurrence.INTERVAL_ZONE, true, schedule.getHandler(), payloadJson, schedule.getQueue(),
					schedule.getPriority(), schedule.getMisfire(), schedule.getOverlap(), declared);
		}
		boolean named = schedule.getZone() != null;
		return new ScheduleDefinition(schedule.getName(), Recurrence.CRON, schedule.getCron(),
				named ? schedule.getZone() : defaultZone.zone(), named || defaultZone.configured(),
				schedule.getHandler(), payloadJson, schedule.getQueue(), schedule.getPriority(), schedule.getMisfire(),
				schedule.getOverlap(), declared);
	}

	/**
	 * The schedule's fire times.
	 * @return the recurrence
	 */
	public Recurrence recurrence() {
		return Recurrence.of(this.kind, this.expression, this.zone.getId());
	}

	/**
	 * Whether this definition fires at other times than the stored schedule.
	 * @param stored the stored schedule
	 * @return {@code true} if the expression, interval or zone differ
	 */
	public boolean changesTimesOf(ScheduleRecord stored) {
		return !this.kind.equals(stored.kind()) || !this.expression.equals(stored.expression())
				|| !this.zone.getId().equals(stored.zone());
	}

	/**
	 * A new stored schedule of this definition.
	 * @param nextFireAt its first fire time
	 * @return the record
	 */
	public ScheduleRecord toRecord(Instant nextFireAt) {
		return new ScheduleRecord(this.name, this.kind, this.expression, this.zone.getId(), this.handler, this.payload,
				this.queue, this.priority, this.misfire.name(), this.overlap.name(), false, this.declared, hash(),
				nextFireAt, null, 0, null, null);
	}

	/**
	 * A digest of everything declared, so a changed declaration is told from an unchanged
	 * one without comparing JSON text as the database normalizes it. A zone that was not
	 * named is left out: nodes whose JVMs run in different zones then agree that the same
	 * declaration is unchanged, and leave the zone stored by the node that wrote it.
	 * @return the hex digest
	 */
	public String hash() {
		String zone = this.zoneNamed ? this.zone.getId() : "";
		String text = String.join("\u0000", this.kind, this.expression, zone, this.handler,
				String.valueOf(this.payload), this.queue, String.valueOf(this.priority), this.misfire.name(),
				this.overlap.name(), String.valueOf(this.declared));
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
