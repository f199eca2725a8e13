package dev.taskflow.schedule;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleRecord;
import dev.taskflow.store.ScheduleStore;

/**
 * Creates, changes and removes schedules, and enqueues the occurrences asked for by hand
 * (trigger, backfill). Each change is one transaction on the schedule's row.
 *
 * @author TaskFlow
 */
public final class ScheduleWriter {

	/**
	 * The most fire times one backfill enqueues.
	 */
	public static final int MAX_BACKFILL = 10_000;

	private static final Log logger = LogFactory.getLog(ScheduleWriter.class);

	private final ScheduleStore store;

	private final ScheduleTime time;

	private final OccurrenceFactory occurrences;

	/**
	 * Create a writer.
	 * @param store the schedule store
	 * @param time the time schedules fire by
	 * @param occurrences makes the job of a fire time
	 */
	ScheduleWriter(ScheduleStore store, ScheduleTime time, OccurrenceFactory occurrences) {
		this.store = store;
		this.time = time;
		this.occurrences = occurrences;
	}

	/**
	 * Write the declared schedules: new ones are created, changed ones updated (their
	 * next fire time kept unless their times changed), unchanged ones left alone, and
	 * those declared disabled removed. Declared schedules this node no longer declares at
	 * all are reported, not removed: during a rolling deploy older nodes still declare
	 * them.
	 * @param declared the schedules declared in code and properties
	 * @param disabled the names of the schedules declared with {@code enabled=false}
	 * @param reportUndeclared whether to warn of stored declared schedules this node does
	 * not declare (on nodes that fire schedules)
	 */
	public void writeDeclared(Collection<ScheduleDefinition> declared, Collection<String> disabled,
			boolean reportUndeclared) {
		for (ScheduleDefinition definition : declared) {
			save(definition, false);
		}
		Set<String> names = new HashSet<>(disabled);
		declared.forEach((definition) -> names.add(definition.name()));
		for (String name : disabled) {
			// a schedule registered at run time under that name is not the declared one
			if (this.store.deleteDeclared(name)) {
				// schedules.<name>.enabled=false, or retention turned off
				logger.info("Schedule '" + name + "' is disabled in this node's configuration: removed it");
			}
		}
		if (!reportUndeclared) {
			// a node that fires nothing (enqueue-only) often declares nothing either
			return;
		}
		for (String name : this.store.declaredNames()) {
			if (!names.contains(name)) {
				logger.warn("Schedule '" + name + "' was declared by an earlier version of the application but is not"
						+ " declared here; it keeps firing until removed with taskFlow.schedules().remove(\"" + name
						+ "\")");
			}
		}
	}

	/**
	 * Create or replace a schedule.
	 * @param definition the schedule
	 * @param atRunTime whether it is registered at run time (then it may not replace a
	 * declared one)
	 * @return the stored schedule
	 */
	public ScheduleRecord save(ScheduleDefinition definition, boolean atRunTime) {
		Recurrence recurrence = definition.recurrence();
		return this.store.inTransaction(() -> {
			Instant now = this.time.now();
			// insert first, then lock: locking a missing row first takes a gap lock on
			// MariaDB at REPEATABLE READ (a caller's transaction), and two nodes creating
			// one schedule at once would deadlock on each other's gap. Another node
			// creating it meanwhile makes the insert do nothing and the update below
			// apply
			this.store.insertIfAbsent(definition.toRecord(recurrence.next(now)));
			ScheduleRecord existing = this.store.lock(definition.name()).orElseThrow();
			if (atRunTime && existing.declared()) {
				throw new InvalidScheduleException(definition.name(),
						"it is declared in code or properties, which are the source of truth for it; change it there");
			}
			if (existing.definitionHash().equals(definition.hash())) {
				if (!definition.zone().getId().equals(existing.zone())) {
					logger.info("Schedule '" + definition.name() + "' names no zone: it keeps its stored zone "
							+ existing.zone() + " rather than this node's " + definition.zone()
							+ "; name a zone on the schedule, or set spring.taskflow.schedule.zone, to choose one");
				}
				return existing;
			}
			Instant next = definition.changesTimesOf(existing) ? recurrence.next(now) : existing.nextFireAt();
			ScheduleRecord updated = existing.withDefinition(definition.toRecord(next), next);
			this.store.update(updated);
			return updated;
		});
	}

	/**
	 * Pause or resume a schedule. A resumed schedule fires from its next future fire
	 * time.
	 * @param name the schedule's name
	 * @param paused whether to pause it
	 * @return {@code true} if there is such a schedule
	 */
	public boolean setPaused(String name, boolean paused) {
		return this.store.inTransaction(() -> {
			Optional<ScheduleRecord> found = this.store.lock(name);
			if (found.isEmpty()) {
				return false;
			}
			ScheduleRecord schedule = found.get();
			if (schedule.paused() == paused) {
				return true;
			}
			Instant next = schedule.nextFireAt();
			if (!paused) {
				next = Recurrence.of(schedule.kind(), schedule.expression(), schedule.zone()).next(this.time.now());
			}
			this.store.update(schedule.withState(paused, next, schedule.lastFireAt(), schedule.skippedCount(),
					schedule.lastSkippedAt(), schedule.lastSkipReason()));
			return true;
		});
	}

	/**
	 * Enqueue one occurrence now.
	 * @param name the schedule's name
	 * @return the new job
	 * @throws IllegalArgumentException if there is no such schedule
	 */
	public Occurrence trigger(String name) {
		ScheduleRecord schedule = require(name);
		Recurrence recurrence = Recurrence.of(schedule.kind(), schedule.expression(), schedule.zone());
		Instant fireTime = this.time.now().truncatedTo(ChronoUnit.MICROS);
		if (fireTime.equals(recurrence.next(fireTime.minusNanos(1)))) {
			// an extra run, not the schedule's own occurrence of this instant
			fireTime = fireTime.plus(1, ChronoUnit.MICROS);
		}
		// two triggers in one microsecond share a fire time: the second one moves on
		for (int round = 0; round < 1000; round++) {
			Occurrence occurrence = this.occurrences.occurrence(schedule, fireTime.plus(round, ChronoUnit.MICROS));
			Set<UUID> inserted = this.store.inTransaction(() -> this.store.insertOccurrences(List.of(occurrence)));
			if (inserted.contains(occurrence.id())) {
				return occurrence;
			}
		}
		throw new IllegalStateException("Could not trigger schedule '" + name + "': every fire time was taken");
	}

	/**
	 * Enqueue the fire times of a past window that have no job yet.
	 * @param name the schedule's name
	 * @param from the first instant of the window (included)
	 * @param to the last instant of the window (included; capped at now)
	 * @return the jobs created, in fire-time order
	 */
	public List<Occurrence> backfill(String name, Instant from, Instant to) {
		if (from == null || to == null) {
			throw new IllegalArgumentException("'from' and 'to' must not be null");
		}
		if (from.isAfter(to)) {
			throw new IllegalArgumentException("'from' (" + from + ") must not be after 'to' (" + to + ")");
		}
		ScheduleRecord schedule = require(name);
		Recurrence recurrence = Recurrence.of(schedule.kind(), schedule.expression(), schedule.zone());
		Instant now = this.time.now();
		Instant end = to.isAfter(now) ? now : to;
		List<Occurrence> window = new ArrayList<>();
		for (Instant tick = recurrence.next(from.minusNanos(1)); tick != null
				&& !tick.isAfter(end); tick = recurrence.next(tick)) {
			if (window.size() == MAX_BACKFILL) {
				throw new IllegalArgumentException("The window " + from + " to " + to + " of schedule '" + name
						+ "' holds more than " + MAX_BACKFILL + " fire times; backfill it in smaller windows");
			}
			window.add(this.occurrences.occurrence(schedule, tick));
		}
		Set<UUID> inserted = this.store.inTransaction(() -> this.store.insertOccurrences(window));
		return window.stream().filter((occurrence) -> inserted.contains(occurrence.id())).toList();
	}

	/**
	 * Delete a schedule.
	 * @param name the schedule's name
	 * @return {@code true} if there was one
	 */
	public boolean remove(String name) {
		return this.store.delete(name);
	}

	private ScheduleRecord require(String name) {
		return this.store.find(name)
			.orElseThrow(() -> new IllegalArgumentException("There is no schedule named '" + name
					+ "'; known schedules: " + this.store.list().stream().map(ScheduleRecord::name).toList()));
	}

}
