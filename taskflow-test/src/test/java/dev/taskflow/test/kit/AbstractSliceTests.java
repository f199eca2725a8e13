package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.taskflow.JobRequest;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.TaskFlowTest;
import dev.taskflow.test.TaskFlowTester;

import static dev.taskflow.test.TaskFlowAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slice with a named handler: TaskFlow, the embedded database, JSON and that handler,
 * none of the application's other beans.
 *
 * @author TaskFlow
 */
@TaskFlowTest(handlers = Mailer.class)
abstract class AbstractSliceTests {

	@Autowired
	private TaskFlow taskFlow;

	@Autowired
	private TaskFlowTester tester;

	@Autowired
	private ApplicationContext context;

	@BeforeEach
	void resetHandlers() {
		Mailer.reset();
	}

	@Test
	void holdsTheNamedHandlerAndNoOtherBeanOfTheApplication() {
		assertThat(this.context.getBeanNamesForType(Mailer.class)).hasSize(1);
		assertThat(this.context.getBeanNamesForType(Reports.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(Signup.class)).isEmpty();
		assertThat(this.tester.mode()).isEqualTo(TaskFlowTester.Mode.MANUAL);
	}

	@Test
	void runsTheHandlersJobs() {
		this.taskFlow.enqueue(JobRequest.of("email.send", new Email("ada@example.com", "Welcome")));
		this.tester.runAll();
		assertThat(Mailer.sent).containsExactly(new Email("ada@example.com", "Welcome"));
		assertThat(this.tester).hasNoFailedJobs();
	}

}
