package dev.taskflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a parameter of a {@link TaskHandler} method to the result of an earlier step of
 * the same workflow, as {@link TaskContext#stepResult(String, Class)} reads it: the value
 * itself ({@code null} when the step returned nothing or failed), an
 * {@link java.util.Optional} of it, or for a {@link java.util.List} parameter every
 * result of the step ({@link TaskContext#stepResults(String, Class)}: its group's jobs,
 * or the jobs it spawned).
 *
 * <pre class="code">
 * &#64;TaskHandler("shipping.create")
 * Shipment ship(Order order, &#64;StepResult("charge") Receipt receipt) { ... }
 * </pre>
 *
 * @author TaskFlow
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface StepResult {

	/**
	 * The name of the step whose result the parameter receives.
	 * @return the step name
	 */
	String value();

}
