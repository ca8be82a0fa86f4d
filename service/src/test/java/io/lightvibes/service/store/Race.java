package io.lightvibes.service.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;

/** Runs tasks on their own platform threads, released together, and collects what each gave. */
final class Race {

    private Race() {
    }

    /** {@code count} tasks started at once; their results in task order (a failure rethrown). */
    static <T> List<T> run(int count, IntFunction<Callable<T>> task) throws InterruptedException {
        List<Object> outcomes = outcomes(count, task);
        List<T> results = new ArrayList<>(count);
        for (Object outcome : outcomes) {
            if (outcome instanceof Failure failure) {
                throw new AssertionError("a racing task failed", failure.cause());
            }
            @SuppressWarnings("unchecked")
            T result = (T) outcome;
            results.add(result);
        }
        return results;
    }

    /** A task's exception, as {@link #outcomes} reports it. */
    record Failure(Throwable cause) {
    }

    /** Each task's result, or a {@link Failure} holding what it threw. */
    static List<Object> outcomes(int count, IntFunction<? extends Callable<?>> task) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<FutureTask<Object>> futures = new ArrayList<>(count);
        List<Thread> threads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Callable<?> body = task.apply(i);
            FutureTask<Object> future = new FutureTask<>(() -> {
                start.await();
                return body.call();
            });
            futures.add(future);
            threads.add(Thread.ofPlatform().name("race-" + i).start(future));
        }
        start.countDown();
        List<Object> outcomes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            threads.get(i).join();
            try {
                outcomes.add(futures.get(i).get());
            } catch (ExecutionException e) {
                outcomes.add(new Failure(e.getCause()));
            }
        }
        return outcomes;
    }
}
