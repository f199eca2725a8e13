package dev.taskflow.client;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;

import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.ScheduleView;
import dev.taskflow.schedule.Recurrence;
import dev.taskflow.store.ScheduleRecord;

/**
 * A {@link ScheduleView} of a stored schedule.
 *
 * @param record the stored schedule
 * @author TaskFlow
 */
record StoredScheduleView(ScheduleRecord record) implements ScheduleView {

	@Override
	public String name() {
		return this.record.name();
	}

	@Override
	public String expression() {
		return this.record.expression();
	}

	@Override
	public boolean isInterval() {
		return Recurrence.EVERY.equals(this.record.kind());
	}

	@Override
	public ZoneId zone() {
		return ZoneId.of(this.record.zone());
	}

	@Override
	public String handler() {
		return this.record.handler();
	}

	@Override
	public String queue() {
		return this.record.queue();
	}

	@Override
	public int priority() {
		return this.record.priority();
	}

	@Override
	public MisfirePolicy misfire() {
		return MisfirePolicy.valueOf(this.record.misfire());
	}

	@Override
	public OverlapPolicy overlap() {
		return OverlapPolicy.valueOf(this.record.overlap());
	}

	@Override
	public Instant nextFireTime() {
		return this.record.nextFireAt();
	}

	@Override
	public Instant lastFireTime() {
		return this.record.lastFireAt();
	}

	@Override
	public boolean paused() {
		return this.record.paused();
	}

	@Override
	public boolean declared() {
		return this.record.declared();
	}

	@Override
	public long skippedCount() {
		return this.record.skippedCount();
	}

	@Override
	public Instant lastSkippedFireTime() {
		return this.record.lastSkippedAt();
	}

	@Override
	public String lastSkipReason() {
		return this.record.lastSkipReason();
	}

	@Override
	public String toString() {
		return "Schedule[" + this.record.name() + ", " + this.record.kind().toLowerCase(Locale.ROOT) + " "
				+ this.record.expression() + ", next " + this.record.nextFireAt()
				+ (this.record.paused() ? ", paused" : "") + "]";
	}

}
