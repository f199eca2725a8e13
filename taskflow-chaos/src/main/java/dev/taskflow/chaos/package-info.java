/**
 * The chaos harness: TaskFlow nodes in JVMs of their own, crashed, stopped, cut off and
 * restarted under a steady stream of jobs, and the checks of what TaskFlow promises.
 */
package dev.taskflow.chaos;
