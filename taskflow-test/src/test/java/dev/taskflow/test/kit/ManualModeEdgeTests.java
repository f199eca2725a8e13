package dev.taskflow.test.kit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;
import dev.taskflow.test.TaskFlowTesterAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The edges of running jobs on the test's thread: a handler's timeout, which interrupts
 * the test's thread while the handler runs and never after, and a context without a
 * worker node.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
class ManualModeEdgeTests extends AbstractKitTests {

	@Test
	void aTimeoutStopsTheHandlerAndLeavesTheTestThreadUninterrupted() throws InterruptedException {
		this.taskFlow.enqueue(JobRequest.of("report.slow", 30_000L));
		long started = System.nanoTime();
		assertThat(this.tester.runAll()).singleElement().satisfies((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.FAILED);
			assertThat(job.lastError()).contains("TaskTimeoutException");
		});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
		assertThat(Thread.currentThread().isInterrupted()).isFalse();
		// the thread sleeps as any other
		Thread.sleep(1);
	}

	@Test
	void whenFinishedCompletesOnceTheTestRanTheJob() throws Exception {
		JobId id = this.taskFlow.enqueue(JobRequest.of("chain.link", 1));
		CompletableFuture<JobView> finished = this.taskFlow.jobs().whenFinished(id);
		assertThat(finished).isNotDone();
		this.tester.run(id);
		assertThat(finished.get(10, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void withoutAWorkerNodeRunningJobsSaysWhatToChange() {
		try (ConfigurableApplicationContext context = new SpringApplication(KitTestApplication.class, NoWorker.class)
			.run("--spring.taskflow.worker.enabled=false", "--spring.main.web-application-type=none",
					"--spring.datasource.url=jdbc:h2:mem:kit-no-worker;DB_CLOSE_DELAY=-1")) {
			TaskFlowTester tester = context.getBean(TaskFlowTester.class);
			context.getBean(TaskFlow.class).enqueue(JobRequest.of("chain.link", 1));
			assertThatIllegalStateException().isThrownBy(tester::runAll)
				.withMessage("runAll() needs TaskFlow's worker node, which spring.taskflow.worker.enabled=false"
						+ " turned off: remove that property in the test");
		}
	}

	/**
	 * The tester's configuration, in a context of the test's own.
	 */
	@ImportAutoConfiguration(TaskFlowTesterAutoConfiguration.class)
	static class NoWorker {

	}

}
