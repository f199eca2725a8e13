package dev.taskflow.test.kit;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.taskflow.test.mode} chooses the mode when the annotation leaves it at its
 * default.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester
@TestPropertySource(properties = "spring.taskflow.test.mode=inline")
class ModeByPropertyTests extends AbstractKitTests {

	@Test
	void thePropertySetsTheMode() {
		assertThat(this.tester.mode()).isEqualTo(TaskFlowTester.Mode.INLINE);
		this.signup.register("ada@example.com");
		assertThat(Mailer.sent).hasSize(1);
	}

}
