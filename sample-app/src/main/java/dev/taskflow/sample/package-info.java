/**
 * A small web application that enqueues TaskFlow jobs over HTTP and runs them.
 */
package dev.taskflow.sample;
