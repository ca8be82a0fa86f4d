package io.lightvibes.service.cli;

import io.lightvibes.service.JsonLogging;
import io.lightvibes.service.LinkRunner;
import io.lightvibes.service.config.Settings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lightvibes link run}: the QKD link for the replicas on one PostgreSQL database, in a process of its own. */
@Command(name = "link", mixinStandardHelpOptions = true, description = "The QKD link shared by replicas.",
        subcommands = LinkCommand.Run.class)
final class LinkCommand implements Runnable {

    @ParentCommand
    private LightvibesCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Stands for election until interrupted; runs the link while it holds the lock. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run the link for the replicas on LIGHTVIBES_DATABASE_URL (PostgreSQL) until interrupted: "
                    + "whichever of these processes and of the replicas with LIGHTVIBES_REPLICA_MODE=elect holds the "
                    + "advisory lock runs it; replicas with follow never do.")
    static final class Run implements Callable<Integer> {

        @ParentCommand
        private LinkCommand link;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Settings settings = link.parent.context().settings();
            JsonLogging.install(settings.logLevel());
            LinkRunner runner = LinkRunner.start(settings);
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                runner.close();
                stopped.countDown();
            }));
            spec.commandLine().getOut().printf("lightvibes: %s stands for the link's election on %s (Ctrl-C stops)%n",
                    runner.leaderId(), runner.databaseUrl());
            spec.commandLine().getOut().flush();
            stopped.await();
            return 0;
        }
    }
}
