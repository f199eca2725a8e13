package dev.taskflow.test.kit;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.TestPropertySource;

import dev.taskflow.TaskFlow;
import dev.taskflow.test.TaskFlowTester;

/**
 * A test of the kit on the sample application, on the database its subclass names (the
 * embedded H2 unless it sets {@code spring.datasource.*}).
 *
 * @author TaskFlow
 */
@SpringBootTest(classes = KitTestApplication.class)
@TestPropertySource(locations = "classpath:kit.properties")
abstract class AbstractKitTests {

	@Autowired
	protected TaskFlowTester tester;

	@Autowired
	protected TaskFlow taskFlow;

	@Autowired
	protected Signup signup;

	@BeforeEach
	void resetHandlers() {
		Mailer.reset();
		Reports.reset();
	}

}
