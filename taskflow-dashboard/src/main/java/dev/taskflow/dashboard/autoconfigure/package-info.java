/**
 * Auto-configuration of the TaskFlow dashboard.
 */
package dev.taskflow.dashboard.autoconfigure;
