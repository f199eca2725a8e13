package dev.taskflow.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * The auto-configuration of a {@link TaskFlowTest}: the {@code DataSource}, transactions,
 * Liquibase, JSON and TaskFlow. Listed in
 * {@code META-INF/spring/dev.taskflow.test.AutoConfigureTaskFlow.imports}.
 *
 * @author TaskFlow
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureTaskFlow {

}
