/**
 * The TaskFlow test kit: {@link dev.taskflow.test.TaskFlowTester} runs jobs on the test's
 * thread and moves TaskFlow's clock, {@link dev.taskflow.test.TaskFlowAssertions} asserts
 * what was enqueued, {@link dev.taskflow.test.TaskFlowTest} is a test slice for handlers
 * and {@link dev.taskflow.test.TaskFlowLoad} measures an application's own capacity.
 */
package dev.taskflow.test;
