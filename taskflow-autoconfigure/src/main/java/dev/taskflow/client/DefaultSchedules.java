package dev.taskflow.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import dev.taskflow.JobId;
import dev.taskflow.Schedule;
import dev.taskflow.ScheduleView;
import dev.taskflow.Schedules;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.schedule.DefaultZone;
import dev.taskflow.schedule.ScheduleDefinition;
import dev.taskflow.schedule.ScheduleWriter;
import dev.taskflow.store.Occurrence;
import dev.taskflow.store.ScheduleStore;

/**
 * The {@link Schedules} of the {@link DefaultTaskFlow} client.
 *
 * @author TaskFlow
 */
public final class DefaultSchedules implements Schedules {

	private final ScheduleStore store;

	private final ScheduleWriter writer;

	private final HandlerRegistry registry;

	private final PayloadCodec codec;

	private final boolean validateHandlers;

	private final DefaultZone defaultZone;

	private final Runnable schedulesChanged;

	private final Consumer<List<Occurrence>> jobsEnqueued;

	/**
	 * Create the schedules client.
	 * @param store the schedule store
	 * @param writer the schedule writer
	 * @param registry this node's handlers
	 * @param codec the payload codec
	 * @param validateHandlers whether registering a schedule of an unknown handler fails
	 * @param defaultZone the zone of cron schedules that name none
	 * @param schedulesChanged wakes this node's schedule loop
	 * @param jobsEnqueued told of the jobs enqueued, once they are committed
	 */
	public DefaultSchedules(ScheduleStore store, ScheduleWriter writer, HandlerRegistry registry, PayloadCodec codec,
			boolean validateHandlers, DefaultZone defaultZone, Runnable schedulesChanged,
			Consumer<List<Occurrence>> jobsEnqueued) {
		this.store = store;
		this.writer = writer;
		this.registry = registry;
		this.codec = codec;
		this.validateHandlers = validateHandlers;
		this.defaultZone = defaultZone;
		this.schedulesChanged = schedulesChanged;
		this.jobsEnqueued = jobsEnqueued;
	}

	@Override
	public ScheduleView register(Schedule schedule) {
		Objects.requireNonNull(schedule, "'schedule' must not be null");
		if (this.validateHandlers && this.registry.isReady() && this.registry.find(schedule.getHandler()).isEmpty()) {
			throw new UnknownHandlerException(schedule.getHandler(), this.registry.applicationNames());
		}
		ScheduleDefinition definition = ScheduleDefinition.of(schedule, this.codec.write(schedule.getPayload()),
				this.defaultZone, false);
		ScheduleView view = new StoredScheduleView(this.writer.save(definition, true));
		AfterCommit.run(this.schedulesChanged);
		return view;
	}

	@Override
	public boolean pause(String name) {
		return this.writer.setPaused(requireName(name), true);
	}

	@Override
	public boolean resume(String name) {
		boolean found = this.writer.setPaused(requireName(name), false);
		if (found) {
			AfterCommit.run(this.schedulesChanged);
		}
		return found;
	}

	@Override
	public JobId trigger(String name) {
		Occurrence occurrence = this.writer.trigger(requireName(name));
		AfterCommit.run(() -> this.jobsEnqueued.accept(List.of(occurrence)));
		return JobId.of(occurrence.id());
	}

	@Override
	public boolean remove(String name) {
		return this.writer.remove(requireName(name));
	}

	@Override
	public Optional<ScheduleView> find(String name) {
		return this.store.find(requireName(name)).map(StoredScheduleView::new);
	}

	@Override
	public List<ScheduleView> list() {
		return this.store.list().stream().<ScheduleView>map(StoredScheduleView::new).toList();
	}

	@Override
	public List<JobId> backfill(String name, Instant from, Instant to) {
		List<Occurrence> enqueued = this.writer.backfill(requireName(name), from, to);
		if (!enqueued.isEmpty()) {
			AfterCommit.run(() -> this.jobsEnqueued.accept(enqueued));
		}
		return enqueued.stream().map((occurrence) -> JobId.of(occurrence.id())).toList();
	}

	private static String requireName(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("'name' must not be empty");
		}
		return name;
	}

}
