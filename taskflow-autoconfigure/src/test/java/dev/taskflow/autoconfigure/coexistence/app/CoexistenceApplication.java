package dev.taskflow.autoconfigure.coexistence.app;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Import;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * An application with its own JPA entities, repositories and Liquibase changelog, next to
 * TaskFlow.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EntityScan(basePackageClasses = PurchaseOrder.class)
@EnableJpaRepositories(basePackageClasses = PurchaseOrderRepository.class)
@Import({ OrderService.class, OrderHandlers.class })
public class CoexistenceApplication {

}
