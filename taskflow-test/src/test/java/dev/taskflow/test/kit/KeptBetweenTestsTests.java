package dev.taskflow.test.kit;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.taskflow.test.AutoConfigureTaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code clearAfterEach = false} a test sees what the one before it stored, until it
 * clears it itself.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester(clearAfterEach = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeptBetweenTestsTests extends AbstractKitTests {

	@Test
	@Order(1)
	void aTestLeavesAJob() {
		this.tester.clear();
		this.signup.register("ada@example.com");
	}

	@Test
	@Order(2)
	void theNextFindsItAndClears() {
		assertThat(this.tester.jobs("email.send")).hasSize(1);
		this.tester.clear();
		assertThat(this.tester.jobs()).isEmpty();
	}

}
