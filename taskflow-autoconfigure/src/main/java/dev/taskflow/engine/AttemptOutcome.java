package dev.taskflow.engine;

import dev.taskflow.store.Completion;

/**
 * The outcome of an attempt, and how to tell listeners of it once it is stored: an
 * outcome the store rejects (a newer attempt owns the job) is never told.
 *
 * @param completion the outcome to write
 * @param announcement tells the listeners
 * @author TaskFlow
 */
record AttemptOutcome(Completion completion, Runnable announcement) {

}
