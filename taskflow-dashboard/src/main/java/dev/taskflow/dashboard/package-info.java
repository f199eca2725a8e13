/**
 * The TaskFlow dashboard and its REST API, built on the public {@code dev.taskflow} API.
 */
package dev.taskflow.dashboard;
