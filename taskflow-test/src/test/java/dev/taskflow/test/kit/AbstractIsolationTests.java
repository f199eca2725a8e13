package dev.taskflow.test.kit;

import java.time.Duration;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.taskflow.Schedule;
import dev.taskflow.test.AutoConfigureTaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each test starts from empty tables: the tester clears jobs, schedules the test added,
 * queue pauses and statistics after each test, and declares the application's schedules
 * again.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AbstractIsolationTests extends AbstractKitTests {

	@Test
	@Order(1)
	void aTestLeavesJobsAPausedQueueAndASchedule() {
		this.signup.register("ada@example.com");
		this.taskFlow.queues().pause("mail");
		this.taskFlow.schedules()
			.register(Schedule.every("ping", Duration.ofMinutes(5)).handler("chain.link").payload(1));
		assertThat(this.tester.jobs()).hasSize(1);
	}

	@Test
	@Order(2)
	void theNextFindsNoneOfIt() {
		assertThat(this.tester.jobs()).isEmpty();
		assertThat(this.taskFlow.queues().active()).noneMatch((queue) -> queue.paused());
		assertThat(this.taskFlow.schedules().list()).extracting((schedule) -> schedule.name())
			.containsExactly("nightly");
		assertThat(this.tester).hasNotEnqueued("email.send");
	}

}
