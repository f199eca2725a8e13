package dev.taskflow.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.autoconfigure.coexistence.app.CoexistenceApplication;
import dev.taskflow.autoconfigure.coexistence.app.OrderHandlers;
import dev.taskflow.autoconfigure.coexistence.app.OrderService;
import dev.taskflow.autoconfigure.coexistence.app.PurchaseOrder;
import dev.taskflow.autoconfigure.coexistence.app.PurchaseOrderRepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests that TaskFlow lives next to an application's own JPA entities, repositories,
 * Hibernate schema generation and Liquibase changelog, and joins its JPA transactions.
 *
 * @author TaskFlow
 */
class TaskFlowCoexistenceTests {

	@Test
	void applicationJpaAndLiquibaseWorkAlongsideTaskFlow() {
		try (ConfigurableApplicationContext context = run()) {
			PurchaseOrderRepository orders = context.getBean(PurchaseOrderRepository.class);
			PurchaseOrder order = orders.save(new PurchaseOrder("book"));
			assertThat(orders.findByItem("book")).extracting(PurchaseOrder::getId).containsExactly(order.getId());
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.update("INSERT INTO app_audit_log (message) VALUES (?)", "order placed");
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_audit_log", Integer.class)).isOne();
			assertThat(jdbc.queryForList("SELECT id FROM DATABASECHANGELOG", String.class))
				.containsExactly("app-1-audit-log");
			assertThat(jdbc.queryForList("SELECT id FROM taskflow_databasechangelog", String.class))
				.contains("taskflow-1-job", "taskflow-1-job-indexes")
				.doesNotContain("app-1-audit-log");
			TaskFlow taskFlow = context.getBean(TaskFlow.class);
			JobId id = taskFlow.enqueue(OrderHandlers.CONFIRM, order.getId());
			awaitSucceeded(taskFlow, id);
			assertThat(taskFlow.find(id).get().result(String.class)).hasValue("confirmed book");
		}
	}

	@Test
	void jobEnqueuedInTransactionThatRollsBackDoesNotExist() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBean(PlatformTransactionManager.class)).isInstanceOf(JpaTransactionManager.class);
			OrderService service = context.getBean(OrderService.class);
			assertThatIllegalStateException().isThrownBy(() -> service.placeOrderThenFail("pen"))
				.withMessage("Payment declined for pen");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class)).isZero();
			assertThat(context.getBean(PurchaseOrderRepository.class).count()).isZero();
		}
	}

	@Test
	void jobEnqueuedInTransactionThatCommitsExistsAndRuns() {
		try (ConfigurableApplicationContext context = run()) {
			OrderService service = context.getBean(OrderService.class);
			JobId id = service.placeOrder("pen");
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE handler = ?", Integer.class,
					OrderHandlers.CONFIRM))
				.isOne();
			assertThat(context.getBean(PurchaseOrderRepository.class).count()).isOne();
			TaskFlow taskFlow = context.getBean(TaskFlow.class);
			awaitSucceeded(taskFlow, id);
			assertThat(taskFlow.find(id).get().result(String.class)).hasValue("confirmed pen");
		}
	}

	@Test
	void applicationCanApplyTaskFlowChangelogItselfWhenSchemaInitializationIsNever() {
		try (ConfigurableApplicationContext context = run(
				"spring.liquibase.change-log=classpath:autoconfigure/app-changelog-with-taskflow.xml",
				"spring.taskflow.store.initialize-schema=never")) {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT id FROM DATABASECHANGELOG", String.class)).contains("app-1-audit-log",
					"taskflow-1-job", "taskflow-1-job-indexes");
			assertThat(jdbc.queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE UPPER(TABLE_NAME) = 'TASKFLOW_DATABASECHANGELOG'",
					Integer.class))
				.isZero();
			JobId id = context.getBean(OrderService.class).placeOrder("lamp");
			awaitSucceeded(context.getBean(TaskFlow.class), id);
		}
	}

	private static ConfigurableApplicationContext run(String... properties) {
		List<String> all = new ArrayList<>(List.of("spring.main.banner-mode=off",
				"spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.jpa.hibernate.ddl-auto=create-drop", "spring.jpa.open-in-view=false",
				"spring.liquibase.change-log=classpath:autoconfigure/app-changelog.xml"));
		all.addAll(Arrays.asList(properties));
		return new SpringApplicationBuilder(CoexistenceApplication.class).web(WebApplicationType.NONE)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static void awaitSucceeded(TaskFlow taskFlow, JobId id) {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(taskFlow.find(id).map(JobView::status)).hasValue(JobStatus.SUCCEEDED));
	}

}
