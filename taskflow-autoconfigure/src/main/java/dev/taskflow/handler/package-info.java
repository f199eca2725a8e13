/**
 * Handlers: the registry of {@code @TaskHandler} methods, each handler's policies (its
 * annotation attributes and properties merged) and the codec of payloads and results.
 */
package dev.taskflow.handler;
