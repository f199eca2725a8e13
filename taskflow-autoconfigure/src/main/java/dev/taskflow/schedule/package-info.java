/**
 * Recurring jobs: when a schedule fires (cron or fixed interval), what it does with
 * missed and overlapping fire times, and how a declaration is checked.
 */
package dev.taskflow.schedule;
