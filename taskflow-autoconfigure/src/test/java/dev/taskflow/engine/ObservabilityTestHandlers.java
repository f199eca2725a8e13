package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.MDC;

import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.TaskContext;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.TaskHandler;

/**
 * Handlers and a recording listener for the observability integration tests. State is
 * static so that several nodes in one JVM share it.
 *
 * @author TaskFlow
 */
class ObservabilityTestHandlers {

	static final List<Heard> heard = new CopyOnWriteArrayList<>();

	static final Map<UUID, Map<String, String>> diagnosticContexts = new ConcurrentHashMap<>();

	static final AtomicInteger running = new AtomicInteger();

	static volatile CountDownLatch gate = new CountDownLatch(1);

	static void reset() {
		heard.clear();
		diagnosticContexts.clear();
		running.set(0);
		gate = new CountDownLatch(1);
	}

	/**
	 * What the recording listener heard about one job, in order.
	 * @param id the job
	 * @return kind and attempt of each event, such as {@code started:1}
	 */
	static List<String> heardOf(JobId id) {
		return heard.stream().filter((h) -> h.event().id().equals(id)).map(Heard::describe).toList();
	}

	static List<Heard> eventsOf(JobId id) {
		return heard.stream().filter((h) -> h.event().id().equals(id)).toList();
	}

	@TaskHandler("obs.ok")
	void ok(TaskContext context) {
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		diagnosticContexts.put(context.jobId().value(), (mdc != null) ? mdc : Map.of());
	}

	@TaskHandler("obs.flaky")
	void flaky(TaskContext context) {
		if (context.attempt() == 1) {
			throw new IllegalStateException("first attempt fails");
		}
	}

	@TaskHandler("obs.fail")
	void fail() {
		throw new IllegalStateException("obs boom");
	}

	/**
	 * Blocks on the first attempt until the gate opens.
	 */
	@TaskHandler("obs.gated")
	void gated(TaskContext context) throws InterruptedException {
		if (context.attempt() == 1) {
			running.incrementAndGet();
			try {
				gate.await(60, TimeUnit.SECONDS);
			}
			finally {
				running.decrementAndGet();
			}
		}
	}

	@Bean
	@Order(0)
	TaskFlowListener recordingListener() {
		return new TaskFlowListener() {

			@Override
			public void enqueued(JobEvent event) {
				heard.add(new Heard("enqueued", event, null, null));
			}

			@Override
			public void started(JobEvent event) {
				heard.add(new Heard("started", event, null, null));
			}

			@Override
			public void succeeded(JobEvent event) {
				heard.add(new Heard("succeeded", event, null, null));
			}

			@Override
			public void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
				heard.add(new Heard("retryScheduled", event, delay, exception));
			}

			@Override
			public void failed(JobEvent event, Throwable exception) {
				heard.add(new Heard("failed", event, null, exception));
			}

			@Override
			public void cancelled(JobEvent event) {
				heard.add(new Heard("cancelled", event, null, null));
			}

			@Override
			public void rescued(JobEvent event, boolean failed) {
				heard.add(new Heard("rescued", event, null, null));
			}

		};
	}

	record Heard(String kind, JobEvent event, Duration delay, Throwable exception) {

		String describe() {
			return this.kind + ":" + this.event.attempt();
		}

	}

	/**
	 * A listener that throws on every event, called before the recording one.
	 */
	static class ThrowingListenerConfiguration {

		@Bean
		@Order(-1)
		TaskFlowListener throwingListener() {
			return new TaskFlowListener() {

				@Override
				public void enqueued(JobEvent event) {
					throw new IllegalStateException("listener broken");
				}

				@Override
				public void started(JobEvent event) {
					throw new IllegalStateException("listener broken");
				}

				@Override
				public void succeeded(JobEvent event) {
					throw new IllegalStateException("listener broken");
				}

			};
		}

	}

}
