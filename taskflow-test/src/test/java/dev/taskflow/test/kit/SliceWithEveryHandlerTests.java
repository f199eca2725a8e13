package dev.taskflow.test.kit;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.TaskFlowTest;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice without named handlers holds every class with a {@code @TaskHandler} method,
 * and its properties and mode reach the context.
 *
 * @author TaskFlow
 */
@TaskFlowTest(mode = TaskFlowTester.Mode.INLINE, properties = "spring.taskflow.queues.bulk.concurrency.per-node=1")
class SliceWithEveryHandlerTests {

	@Autowired
	private ApplicationContext context;

	@Autowired
	private TaskFlow taskFlow;

	@Test
	void holdsEveryHandlerAndNoOtherBean() {
		assertThat(this.context.getBeanNamesForType(Mailer.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Reports.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Signup.class)).isEmpty();
		assertThat(this.context.getEnvironment().getProperty("spring.taskflow.queues.bulk.concurrency.per-node"))
			.isEqualTo("1");
	}

	@Test
	void runsJobsInline() {
		Reports.reset();
		this.taskFlow.enqueue(JobRequest.of("chain.link", 2));
		assertThat(Reports.links).containsExactly(2, 1);
	}

}
