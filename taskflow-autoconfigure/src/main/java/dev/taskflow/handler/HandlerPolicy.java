package dev.taskflow.handler;

import java.time.Duration;

import dev.taskflow.retry.RetryPolicy;

/**
 * How a handler's jobs run: their retry policy and attempt timeout.
 *
 * @param retry the retry policy
 * @param timeout the attempt timeout, or {@code null} for none
 * @author TaskFlow
 */
public record HandlerPolicy(RetryPolicy retry, Duration timeout) {

}
