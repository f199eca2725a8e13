/**
 * The {@code taskflow} Actuator endpoint and health indicator.
 */
package dev.taskflow.actuate;
