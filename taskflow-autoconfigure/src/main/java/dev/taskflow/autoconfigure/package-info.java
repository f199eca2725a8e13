/**
 * Auto-configuration of TaskFlow: wiring and properties, no logic.
 */
package dev.taskflow.autoconfigure;
