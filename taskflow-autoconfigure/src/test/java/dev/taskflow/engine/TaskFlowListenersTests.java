package dev.taskflow.engine;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.TaskFlowListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskFlowListeners}.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
class TaskFlowListenersTests {

	private static final JobEvent EVENT = JobEvent.of(JobId.of(UUID.randomUUID()), "mail.send", "default", 0, 0);

	@Test
	void listenersAreCalledInTheirOrder() {
		StringBuilder calls = new StringBuilder();
		new TaskFlowListeners(List.of(new Named("a", calls), new Named("b", calls))).enqueued(EVENT);
		assertThat(calls).hasToString("ab");
	}

	@Test
	void throwingListenerIsSkippedAndLoggedAtWarnOncePerKindOfEvent(CapturedOutput output) {
		StringBuilder calls = new StringBuilder();
		TaskFlowListener throwing = new TaskFlowListener() {

			@Override
			public void enqueued(JobEvent event) {
				throw new IllegalStateException("broken listener");
			}

			@Override
			public void cancelled(JobEvent event) {
				throw new IllegalStateException("broken listener");
			}

		};
		TaskFlowListeners listeners = new TaskFlowListeners(List.of(throwing, new Named("b", calls)));
		listeners.enqueued(EVENT);
		listeners.enqueued(EVENT);
		listeners.cancelled(EVENT);
		assertThat(calls).hasToString("bb");
		assertThat(output.toString().split("threw on enqueued", -1)).hasSize(2);
		assertThat(output.toString().split("threw on cancelled", -1)).hasSize(2);
	}

	@Test
	void listenersAreFoundAtTheFirstEventOnly() {
		AtomicInteger lookups = new AtomicInteger();
		StringBuilder calls = new StringBuilder();
		TaskFlowListeners listeners = new TaskFlowListeners(() -> {
			lookups.incrementAndGet();
			return List.of(new Named("a", calls));
		});
		assertThat(lookups).hasValue(0);
		listeners.enqueued(EVENT);
		listeners.cancelled(EVENT);
		assertThat(lookups).hasValue(1);
		assertThat(calls).hasToString("a");
	}

	record Named(String name, StringBuilder calls) implements TaskFlowListener {

		@Override
		public void enqueued(JobEvent event) {
			this.calls.append(this.name);
		}

	}

}
