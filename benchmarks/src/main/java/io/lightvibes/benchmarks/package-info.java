/** JMH suites: one class per question, the baseline beside the variant, results never discarded. */
package io.lightvibes.benchmarks;
